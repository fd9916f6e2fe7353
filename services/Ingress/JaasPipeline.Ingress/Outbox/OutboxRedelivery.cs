using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// The ingress's side of sending a delivery again to one queue on the in-memory bus: an error-queue move schedules it
/// through the outbox, a retry after a consumer's database refused the write sends it straight from the outbox row.
/// </summary>
public sealed class OutboxRedelivery(OutboxStore store, [FromKeyedServices(IngressExtensions.ServiceName)] Doorbell doorbell, IBus bus) : IOutboxRedelivery
{
    public async Task<IReadOnlySet<long>> RedeliverAsync(IReadOnlyCollection<long> outboxIds, string queue, CancellationToken cancellationToken)
    {
        var held = await store.ScheduleRedeliveryAsync(outboxIds, queue, cancellationToken);
        doorbell.Ring();
        return held;
    }

    public async Task<bool> SendAgainAsync(long outboxId, string queue, CancellationToken cancellationToken)
    {
        // Parsed again, as the relay does: the outbox keeps what JaaS sent. It parsed when it was accepted.
        if (await store.ReadRowAsync(outboxId, cancellationToken) is not { } row || JaasEventParser.Parse(row.Body).Event is not { } message)
        {
            return false;
        }

        await OutboxRelay.SendToQueueAsync(bus, row, message, queue, cancellationToken);
        return true;
    }
}
