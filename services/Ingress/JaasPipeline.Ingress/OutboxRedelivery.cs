using JaasPipeline.Messaging;

namespace JaasPipeline.Ingress;

/// <summary>The ingress's side of an error-queue move on the in-memory bus: the faulted deliveries go out again from the outbox, to one queue.</summary>
public sealed class OutboxRedelivery(OutboxStore store, OutboxDoorbell doorbell) : IOutboxRedelivery
{
    public async Task<IReadOnlySet<long>> RedeliverAsync(IReadOnlyCollection<long> outboxIds, string queue, CancellationToken cancellationToken)
    {
        var held = await store.ScheduleRedeliveryAsync(outboxIds, queue, cancellationToken);
        doorbell.Ring();
        return held;
    }
}
