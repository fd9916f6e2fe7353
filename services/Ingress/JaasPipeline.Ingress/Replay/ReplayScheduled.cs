namespace JaasPipeline.Ingress.Replay;

/// <summary>The answer of a replay (202): how many accepted deliveries were scheduled, and to which queue (null: every consumer).</summary>
public sealed record ReplayScheduled(int Scheduled, string? Queue);
