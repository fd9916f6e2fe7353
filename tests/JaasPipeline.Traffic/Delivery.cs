namespace JaasPipeline.Traffic;

/// <summary>One webhook delivery as JaaS would send it: the raw body and what the benchmark needs to follow it.</summary>
public sealed record Delivery(string IdempotencyKey, string EventType, byte[] Body);
