using MassTransit;

namespace JaasPipeline.Messaging;

/// <summary>
/// The in-memory transport forgets its queues when the process dies, so with it "published" is not "safe".
/// This tracker follows each published outbox row until every queue it fans out to has finished with it
/// (consumed, or skipped by the inbox) and exposes the settled watermark: the highest
/// outbox id at and below which every row is settled. After a crash, rows above the watermark are published again;
/// the consumers' inboxes make that safe.
/// </summary>
public sealed class InMemoryDeliveryTracker(ConsumerRoutes routes) : IReceiveObserver
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Pending> pendingByMessage = [];
    private readonly SortedSet<long> unsettled = [];
    private long highestPublished;

    /// <summary>Every outbox id up to and including this one is fully processed.</summary>
    public long SettledWatermark
    {
        get
        {
            lock (gate)
            {
                return unsettled.Count == 0 ? highestPublished : unsettled.Min - 1;
            }
        }
    }

    /// <summary>Starts following a row; call before publishing it so no receive can be missed.</summary>
    public void Publishing(long outboxId, Guid messageId, Type messageType)
    {
        var queues = routes.QueuesFor(messageType).Count;
        lock (gate)
        {
            highestPublished = Math.Max(highestPublished, outboxId);
            if (queues > 0)
            {
                pendingByMessage[messageId] = new Pending(outboxId, queues);
                unsettled.Add(outboxId);
            }
        }
    }

    /// <summary>Stops following a row whose publish failed (it stays unpublished in the outbox).</summary>
    public void PublishFailed(long outboxId, Guid messageId)
    {
        lock (gate)
        {
            pendingByMessage.Remove(messageId);
            unsettled.Remove(outboxId);
            highestPublished = Math.Min(highestPublished, outboxId - 1);
        }
    }

    // A message that faulted went to the in-memory error queue, which dies with the process: it stays unsettled, so
    // the next start publishes it (and what follows it) again instead of losing it. MassTransit reports a consumer
    // fault as PostReceive with IsFaulted; ReceiveFault is for faults before any consumer ran.
    public Task PostReceive(ReceiveContext context) => context.IsFaulted ? Task.CompletedTask : Settle(context);

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;

    private Task Settle(ReceiveContext context)
    {
        if (context.GetMessageId() is not { } messageId)
        {
            return Task.CompletedTask;
        }

        lock (gate)
        {
            if (pendingByMessage.TryGetValue(messageId, out var pending))
            {
                if (pending.RemainingQueues <= 1)
                {
                    pendingByMessage.Remove(messageId);
                    unsettled.Remove(pending.OutboxId);
                }
                else
                {
                    pendingByMessage[messageId] = pending with { RemainingQueues = pending.RemainingQueues - 1 };
                }
            }
        }

        return Task.CompletedTask;
    }

    private readonly record struct Pending(long OutboxId, int RemainingQueues);
}
