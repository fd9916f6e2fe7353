namespace JaasPipeline.Messaging;

/// <summary>
/// Endpoint settings of every service queue, applied by <see cref="ServiceQueueConsumers"/> to each consumer on it
/// (MassTransit takes the largest value of the consumers on one queue). Chosen by the end-to-end benchmark
/// (docs/benchmarks.md): on SQLite the inbox commits whatever messages are in flight in one transaction, so enough
/// of them must be in flight to fill a group (<see cref="MessagingOptions.InboxMaxGroup"/>); the prefetch keeps the
/// next ones ready while a group commits.
/// </summary>
public static class ServiceQueueSettings
{
    public const int PrefetchCount = 128;

    public const int ConcurrentMessageLimit = 64;
}
