using System.Collections.Concurrent;
using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Messaging;

/// <summary>
/// The in-memory bus's error queues: the <c>faulted_messages</c> rows of each service queue this host consumes, counted,
/// listed and moved back the way <see cref="ErrorQueues"/> does it for RabbitMQ.
/// </summary>
/// <remarks>
/// A move re-drives a faulted message through the ingress's outbox (<see cref="IOutboxRedelivery"/>), sent to its queue
/// only, rather than re-publishing a stored body: the outbox keeps what JaaS sent, so the copy carries the same
/// MessageId (the consumers' inboxes still drop what they already handled, and a queue that failed it had written no
/// inbox row), and the send to one queue is outside the <see cref="InMemoryDeliveryTracker"/>'s settlement accounting
/// (its fault was already settled when it was recorded), so the watermark neither waits for it nor skips anything.
/// The row is marked re-driven, not deleted: it goes once the queue has consumed the copy, or is replaced if the copy
/// faults again. A row re-driven before this process started counts as waiting again, since its copy died with the
/// previous process. A row without an outbox id (a message the ingress did not publish, e.g. ArtifactStored) or
/// whose delivery the outbox no longer holds (retention) cannot be re-driven: it stays, counted in <c>left</c>.
/// </remarks>
public sealed partial class FaultedMessages(ConsumerRoutes routes, IServiceProvider services, ILogger<FaultedMessages> logger)
{
    /// <summary>What the API calls this host's error queue on the in-memory bus.</summary>
    public const string TableName = "faulted_messages";

    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private readonly ConcurrentDictionary<(Guid MessageId, string Queue), byte> redriven = new();
    private readonly ConcurrentDictionary<string, long> depths = new(StringComparer.Ordinal);

    /// <summary>This host's service queues that keep faulted messages (the ones with a database).</summary>
    /// <remarks>Read each time: the routes fill while the bus configures its endpoints, after this is built.</remarks>
    public IReadOnlySet<string> Queues =>
        routes.Queues.Where(queue => services.GetKeyedService<Database>(queue) is not null).ToHashSet(StringComparer.Ordinal);

    /// <summary>The waiting counts last read, by service queue.</summary>
    public IReadOnlyDictionary<string, long> LastRead => depths;

    /// <summary>Counts the waiting rows of each queue now.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in Queues)
        {
            var counts = await StoreOf(queue).CountWaitingAsync(startedAt, cancellationToken);
            depths[queue] = counts.GetValueOrDefault(queue);
        }

        return depths;
    }

    /// <summary>One page of <paramref name="queue"/>'s rows, newest first.</summary>
    public Task<IReadOnlyList<FaultedMessageRow>> PageAsync(string queue, int limit, long? beforeId, CancellationToken cancellationToken) =>
        StoreOf(queue).PageAsync(queue, limit, beforeId, cancellationToken);

    /// <summary>Re-drives up to <paramref name="max"/> waiting messages of <paramref name="queue"/>, oldest first; returns how many went.</summary>
    public async Task<int> MoveBackAsync(string queue, int max, CancellationToken cancellationToken)
    {
        var store = StoreOf(queue);
        var redelivery = services.GetService<IOutboxRedelivery>();
        var rows = await store.WaitingAsync(queue, max, startedAt, cancellationToken);
        var withOutbox = rows.Where(row => row.OutboxId is not null).ToList();
        var moved = new List<FaultedMessageRow>();
        if (redelivery is not null && withOutbox.Count > 0)
        {
            // Scheduled first, marked after: a failure between the two leaves the row waiting, and a second move sends a
            // copy the inbox drops; the other order could lose the message.
            var held = await redelivery.RedeliverAsync([.. withOutbox.Select(row => row.OutboxId!.Value).Distinct()], queue, cancellationToken);
            moved = withOutbox.Where(row => held.Contains(row.OutboxId!.Value)).ToList();
            foreach (var row in moved)
            {
                redriven[(Guid.Parse(row.MessageId), queue)] = 0;
            }

            if (moved.Count > 0)
            {
                await store.MarkRedrivenAsync([.. moved.Select(row => row.Id)], cancellationToken);
            }
        }

        LogMoved(moved.Count, rows.Count - moved.Count, queue);
        depths[queue] = (await store.CountWaitingAsync(startedAt, cancellationToken)).GetValueOrDefault(queue);
        return moved.Count;
    }

    /// <summary>
    /// Called by the tracker when <paramref name="queue"/> finished a message without fault: the row of a message this
    /// process re-drove goes. Only re-driven messages touch the database, so the hot path stays a dictionary lookup.
    /// </summary>
    public async Task SettledAsync(Guid messageId, string queue)
    {
        if (redriven.TryRemove((messageId, queue), out _))
        {
            await StoreOf(queue).ForgetRedrivenAsync(queue, messageId, CancellationToken.None);
        }
    }

    /// <summary>Called by the tracker when a message faulted again: it is no longer on its way.</summary>
    public void Faulted(Guid messageId, string queue) => redriven.TryRemove((messageId, queue), out _);

    private FaultedMessageStore StoreOf(string queue) => new(services.GetRequiredKeyedService<Database>(queue));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-drove {Moved} faulted message(s) of queue {Queue} through the outbox; {NotRedrivable} could not be (no outbox id, or the outbox no longer holds the delivery)")]
    private partial void LogMoved(int moved, int notRedrivable, string queue);
}
