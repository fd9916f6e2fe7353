namespace JaasPipeline.Ingress.Replay;

/// <summary>Which accepted deliveries to replay, and to one queue or (null) to every consumer.</summary>
public sealed record ReplayRequest(long From, long To, string? SessionId, string? EventType, string? Queue);
