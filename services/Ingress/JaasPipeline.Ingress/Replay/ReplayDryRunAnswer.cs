namespace JaasPipeline.Ingress.Replay;

/// <summary>The answer of a replay with <c>dryRun</c> (200): how many it would schedule; nothing was.</summary>
public sealed record ReplayDryRunAnswer(bool DryRun, int WouldSchedule, string? Queue);
