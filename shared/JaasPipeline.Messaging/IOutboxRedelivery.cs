namespace JaasPipeline.Messaging;

/// <summary>
/// Sends accepted deliveries again, by outbox id, to one consumer's queue: how <see cref="FaultedMessages"/> re-drives a
/// faulted message and <see cref="InMemoryRetries"/> retries one on the in-memory bus. The ingress implements it over its
/// outbox (the embedded default always has the ingress in the same process).
/// </summary>
public interface IOutboxRedelivery
{
    /// <summary>Schedules the outbox rows for a send to <paramref name="queue"/>; answers the ids the outbox still holds (the others cannot be sent again).</summary>
    Task<IReadOnlySet<long>> RedeliverAsync(IReadOnlyCollection<long> outboxIds, string queue, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the outbox row <paramref name="outboxId"/> to <paramref name="queue"/> now, reading the outbox only: it must
    /// work while the disk refuses writes. False when the outbox no longer holds the row (retention, parked).
    /// </summary>
    Task<bool> SendAgainAsync(long outboxId, string queue, CancellationToken cancellationToken);
}
