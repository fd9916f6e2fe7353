namespace JaasPipeline.Ingress.Outbox;

/// <summary>The rows waiting for the relay: how many, and when the oldest was received.</summary>
public sealed record OutboxBacklog
{
    public long Rows { get; init; }
    public DateTimeOffset? OldestReceivedAt { get; init; }
}
