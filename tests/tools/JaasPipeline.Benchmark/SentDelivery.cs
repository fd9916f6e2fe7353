namespace JaasPipeline.Benchmark;

/// <summary>A delivery the ingress accepted: its key, its type and when it was meant to be sent (Unix ms).</summary>
internal sealed record SentDelivery(string IdempotencyKey, string EventType, double IntendedUnixMs);
