using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JaasPipeline.Data;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// The in-memory transport forgets its queues when the process dies, so with it "published" is not "safe". This
/// publish and receive observer follows each message that carries an outbox id (<see cref="OutboxHeaders.OutboxId"/>) until
/// every queue it fans out to has finished with it — consumed, skipped by the inbox, or faulted after its retries and
/// recorded in <c>faulted_messages</c> — and exposes the settled watermark: the highest outbox id at and below which
/// every row is settled. After a crash, rows above the watermark are published again; the inboxes make that safe.
/// A message that faulted because its queue's database refused the write (or refused to record the fault) is not
/// finished: <see cref="InMemoryRetries"/> sends it to that queue again until the database takes it.
/// It also bounds how far the relay may run ahead of the consumers (<see cref="WaitForRoomAsync"/>).
/// </summary>
public sealed partial class InMemoryDeliveryTracker : IPublishObserver, IReceiveObserver
{
    private readonly ConsumerRoutes routes;
    private readonly IServiceProvider services;
    private readonly FaultedMessages faultedMessages;
    private readonly InMemoryRetries retries;
    private readonly ILogger<InMemoryDeliveryTracker> logger;
    private readonly int maxUnsettled;
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Pending> pendingByMessage = [];
    private readonly SortedSet<long> unsettled = [];
    private readonly ConcurrentDictionary<(Guid MessageId, string Queue), ConsumeFailure> lastFailures = new();

    // Publishes only start once the bus is up, when every consumer is configured: the fan-out of a type is fixed then.
    private readonly ConcurrentDictionary<Type, int> queuesByMessageType = new();
    private readonly ConcurrentDictionary<Uri, string> queueByAddress = new();

    // Rung only when the relay waits and a settle made the room it waits for: not once per settled message.
    private readonly Doorbell roomOpened = new();
    private long highestPublished;

    // Under gate: how many rows the relay waits to fit under the limit; 0 while it does not wait.
    private int roomWanted;

    public InMemoryDeliveryTracker(
        ConsumerRoutes routes, IServiceProvider services, FaultedMessages faultedMessages, InMemoryRetries retries, IOptions<MessagingOptions> options,
        IMeterFactory meters, ILogger<InMemoryDeliveryTracker> logger)
    {
        this.routes = routes;
        this.services = services;
        this.faultedMessages = faultedMessages;
        this.retries = retries;
        this.logger = logger;
        // Nothing can send it again, so nothing else would ever settle it.
        retries.Abandoned += Settle;
        maxUnsettled = options.Value.InMemoryMaxUnsettled;
        meters.Create(MessagingMetrics.MeterName).CreateObservableGauge(
            "jaas_inmemory_unsettled", () => Unsettled,
            description: "Messages published on the in-memory bus that not every queue they fan out to has finished");
    }

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

    /// <summary>Published messages not yet finished by every queue they fan out to.</summary>
    public int Unsettled
    {
        get
        {
            lock (gate)
            {
                return unsettled.Count;
            }
        }
    }

    /// <summary>Starts from the watermark a previous run stored, so that it never moves backwards.</summary>
    public void Resume(long storedWatermark)
    {
        lock (gate)
        {
            highestPublished = Math.Max(highestPublished, storedWatermark);
        }
    }

    /// <summary>
    /// Waits until <paramref name="rows"/> more messages fit under <c>Messaging:InMemoryMaxUnsettled</c>: whatever
    /// the relay publishes is held in memory until consumed, so it must not run far ahead of the consumers.
    /// </summary>
    public async Task WaitForRoomAsync(int rows, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (gate)
            {
                if (HasRoomFor(rows))
                {
                    roomWanted = 0;
                    return;
                }

                roomWanted = rows;
            }

            await roomOpened.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }

    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (context.Headers.Get<long>(OutboxHeaders.OutboxId) is { } outboxId && context.MessageId is { } messageId)
        {
            var queues = queuesByMessageType.GetOrAdd(typeof(T), type => routes.QueuesFor(type).Count);
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

        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    /// <summary>A failed publish leaves its row unpublished in the outbox: stop following it.</summary>
    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class
    {
        if (context.Headers.Get<long>(OutboxHeaders.OutboxId) is { } outboxId && context.MessageId is { } messageId)
        {
            lock (gate)
            {
                pendingByMessage.Remove(messageId);
                unsettled.Remove(outboxId);
                highestPublished = Math.Min(highestPublished, outboxId - 1);
                RingIfRoomOpened();
            }
        }

        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    // MassTransit reports a consumer fault that outlived its retries as PostReceive with IsFaulted; the message then
    // sits in the in-memory error queue, which dies with the process. Recording it is what lets it count as settled.
    public async Task PostReceive(ReceiveContext context)
    {
        if (context.GetMessageId() is not { } messageId)
        {
            return;
        }

        var queue = QueueOf(context);
        if (!context.IsFaulted)
        {
            // A failed attempt that a retry then got through leaves nothing to record.
            lastFailures.TryRemove((messageId, queue), out _);
            await ForgetRedrivenFaultAsync(messageId, queue);
        }
        else if (!await SetAsideAsync(messageId, queue, context.TransportHeaders.Get<long>(OutboxHeaders.OutboxId)))
        {
            return;
        }

        retries.Finished(messageId, queue);
        Settle(messageId);
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        if (context.GetMessageId() is { } messageId)
        {
            lastFailures[(messageId, QueueOf(context))] = new ConsumeFailure("(before any consumer)", "(unknown)", exception);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class
    {
        // Called on every failed attempt; the last one before the retries ran out is the one recorded.
        if (context.MessageId is { } messageId)
        {
            lastFailures[(messageId, QueueOf(context.ReceiveContext))] = new ConsumeFailure(consumerType, typeof(T).Name, exception);
        }

        return Task.CompletedTask;
    }

    // A message an error-queue move re-drove is consumed at last: its faulted_messages row goes.
    private async Task ForgetRedrivenFaultAsync(Guid messageId, string queue)
    {
        try
        {
            await faultedMessages.SettledAsync(messageId, queue);
        }
        catch (Exception exception)
        {
            // The row stays marked re-driven; after the next start it counts as waiting, and a move sends a copy the inbox drops.
            LogRedrivenNotForgotten(exception, messageId, queue);
        }
    }

    // A message that failed every in-process retry: recorded in faulted_messages for an operator (true: settled), or,
    // when its queue's database refused the write or the record, left unsettled and sent again later (false).
    // headerOutboxId: a copy sent to one queue (a replay, an error-queue move, a retry) carries its outbox id in a
    // header but is not followed by the tracker; the header keeps the row re-drivable if it faults again.
    private async Task<bool> SetAsideAsync(Guid messageId, string queue, long? headerOutboxId)
    {
        lastFailures.TryRemove((messageId, queue), out var failure);
        failure ??= new ConsumeFailure("(unknown)", "(unknown)", null);
        long? outboxId;
        lock (gate)
        {
            outboxId = pendingByMessage.TryGetValue(messageId, out var pending) ? pending.OutboxId : headerOutboxId;
        }

        var database = services.GetKeyedService<Database>(queue);
        // Full, read-only, locked: the message is not at fault and an operator could do no more than send it again once
        // the disk has room, so that is done without one. A copy an error-queue move sent keeps its row marked re-driven.
        if (database is not null && failure.Exception is { } refused && database.RefusesWrites(refused) && outboxId is { } refusedId && retries.CanRetry)
        {
            var (attempt, delay) = retries.Schedule(messageId, queue, refusedId, refused.Message);
            LogWaitsForRetry(attempt == 1 ? refused : null, failure.Consumer, failure.MessageType, messageId, refusedId, queue, attempt, delay);
            return false;
        }

        LogFaulted(failure.Exception, failure.Consumer, failure.MessageType, messageId, outboxId, queue);
        if (database is null)
        {
            // A queue without a database has nowhere to keep it; the log line above is its record.
            faultedMessages.Faulted(messageId, queue);
            return true;
        }

        try
        {
            await new FaultedMessageStore(database).RecordAsync(
                new FaultedMessage(queue, failure.Consumer, messageId, failure.MessageType, outboxId, failure.Exception?.ToString() ?? "(no exception reported)"),
                CancellationToken.None);
            // Recorded after the re-driven row it replaces (if any) went: a record that failed keeps it marked.
            faultedMessages.Faulted(messageId, queue);
            return true;
        }
        catch (Exception exception)
        {
            // Not recorded, so not settled. The database that cannot keep the record is the problem now: the message
            // is sent again once it can (where the ingress runs here), else the next start publishes it again.
            if (outboxId is { } unrecordedId && retries.CanRetry)
            {
                var (attempt, delay) = retries.Schedule(messageId, queue, unrecordedId, exception.Message);
                LogFaultNotRecordedRetried(exception, messageId, queue, attempt, delay);
            }
            else
            {
                LogFaultNotRecorded(exception, messageId, queue);
            }

            return false;
        }
    }

    private void Settle(Guid messageId)
    {
        lock (gate)
        {
            if (!pendingByMessage.TryGetValue(messageId, out var pending))
            {
                return;
            }

            if (pending.RemainingQueues <= 1)
            {
                pendingByMessage.Remove(messageId);
                unsettled.Remove(pending.OutboxId);
                RingIfRoomOpened();
            }
            else
            {
                pendingByMessage[messageId] = pending with { RemainingQueues = pending.RemainingQueues - 1 };
            }
        }
    }

    // An empty tracker always has room, so a batch larger than the limit still goes out.
    private bool HasRoomFor(int rows) => unsettled.Count == 0 || unsettled.Count + rows <= maxUnsettled;

    // Under gate.
    private void RingIfRoomOpened()
    {
        if (roomWanted > 0 && HasRoomFor(roomWanted))
        {
            roomWanted = 0;
            roomOpened.Ring();
        }
    }

    private string QueueOf(ReceiveContext context) => queueByAddress.GetOrAdd(
        context.InputAddress, address => address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last());

    [LoggerMessage(Level = LogLevel.Error, Message = "In-memory bus: {Consumer} failed {MessageType} {MessageId} (outbox id {OutboxId}) on queue {Queue} after its retries; recorded in faulted_messages")]
    private partial void LogFaulted(Exception? exception, string consumer, string messageType, Guid messageId, long? outboxId, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "In-memory bus: could not record faulted message {MessageId} of queue {Queue}; it stays unsettled and is published again at the next start")]
    private partial void LogFaultNotRecorded(Exception exception, Guid messageId, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-memory bus: {Consumer} could not write {MessageType} {MessageId} (outbox id {OutboxId}) on queue {Queue}: its database refused the write; attempt {Attempt} of sending it again in {Delay}")]
    private partial void LogWaitsForRetry(Exception? exception, string consumer, string messageType, Guid messageId, long outboxId, string queue, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "In-memory bus: could not record faulted message {MessageId} of queue {Queue}; it stays unsettled and is sent there again (attempt {Attempt}) in {Delay}")]
    private partial void LogFaultNotRecordedRetried(Exception exception, Guid messageId, string queue, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "In-memory bus: could not delete the faulted_messages row of re-driven message {MessageId} of queue {Queue}, consumed now")]
    private partial void LogRedrivenNotForgotten(Exception exception, Guid messageId, string queue);

    private readonly record struct Pending(long OutboxId, int RemainingQueues);

    private sealed record ConsumeFailure(string Consumer, string MessageType, Exception? Exception);
}
