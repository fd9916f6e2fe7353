using System.Runtime.ExceptionServices;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// Publishes committed outbox rows to the bus as typed messages, marks them published, and backs off while the broker
/// (or the database) is down. A claimed batch is published concurrently and its confirms awaited together: JaaS does
/// not guarantee order and every consumer is order-independent, so a broker round trip per message would buy nothing.
/// A row is claimed before it is published, so two ingress instances on one database never both publish it; its
/// MessageId derives from the idempotency key, so a republish after a crash carries the same id and the consumers'
/// inboxes drop it. A publish is mandatory: a message no queue is bound to comes back and its row stays unpublished.
/// </summary>
public sealed partial class OutboxRelay(
    OutboxStore store,
    IBusControl bus,
    IPublishSettlement settlement,
    [FromKeyedServices(IngressExtensions.ServiceName)] Doorbell doorbell,
    IngressMetrics metrics,
    IOptions<IngressOptions> ingressOptions,
    ILogger<OutboxRelay> logger) : BackgroundService
{

    // Counting the backlog reads every waiting row: after a long outage that is millions of rows, so it must not
    // run on every round of the drain. Once a second is plenty for a gauge.
    private static readonly TimeSpan BacklogRefreshInterval = TimeSpan.FromSeconds(1);

    // How much longer than Ingress:Relay:PublishTimeout a round waits for publishes that were told to give up. MassTransit
    // ends a cancelled publish at once but in one case: a publish that finds its channel's one-time exchange declaration
    // failed (cancelled mid-way, as when a node dies under load) waits for it without end, because MassTransit 8.5 never
    // runs a failed one-time setup again (OneTimeContextPayload), and so does every later publish of that message type on
    // that channel. Seen in the cluster fault suite: a relay stuck for good while a second ingress carried on.
    private static readonly TimeSpan StuckPublishGrace = TimeSpan.FromSeconds(5);

    // How long stopping the bus may take when it is renewed: a stuck publish can keep MassTransit's stop waiting.
    private static readonly TimeSpan BusStopTimeout = TimeSpan.FromSeconds(30);

    private readonly RelayOptions options = ingressOptions.Value.Relay;
    private DateTimeOffset nextBacklogRefresh = DateTimeOffset.MinValue;

    /// <summary>This instance's name in the <c>claimed_by</c> column.</summary>
    public string RelayId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => !stoppingToken.IsCancellationRequested || e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = options.MaxBackoff,
            OnRetry = async args =>
            {
                metrics.PublishFailures.Add(1);
                LogRoundFailed(args.Outcome.Exception, args.RetryDelay);
                // The backlog is what an operator watches during an outage: keep it current while rounds fail.
                await RefreshBacklogAsync(stoppingToken);
            },
        }).Build();

        await retry.ExecuteAsync(settlement.StartAsync, stoppingToken);

        // Publishing before the receive endpoints are up would hand messages to exchanges with no queue bound yet.
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var published = await retry.ExecuteAsync(RelayRoundAsync, stoppingToken);
            if (published == 0)
            {
                await doorbell.WaitAsync(options.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>
    /// One round: claim a batch, publish it concurrently, record what went out. Returns the number published; throws
    /// (after recording what did go out) if a publish failed, so the caller backs off.
    /// </summary>
    public async ValueTask<int> RelayRoundAsync(CancellationToken cancellationToken)
    {
        await settlement.WaitForRoomAsync(options.BatchSize, cancellationToken);
        var rows = await store.ClaimAsync(RelayId, options.BatchSize, options.ClaimLease, cancellationToken);
        if (rows.Count == 0)
        {
            await RecordProgressAsync(cancellationToken);
            return 0;
        }

        // One timeout for the whole batch: every publish starts now, and the claim lease outlasts twice this timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        var publishes = rows.Select(row => PublishAsync(row, timeout.Token)).ToArray();
        await ((Task)Task.WhenAll(publishes)).WaitAsync(options.PublishTimeout + StuckPublishGrace, CancellationToken.None)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var published = new List<long>(rows.Count);
        var unroutable = new List<OutboxRow>();
        var unpublished = new List<long>();
        var stuck = 0;
        Exception? failure = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var publish = publishes[i];
            switch (publish.IsCompletedSuccessfully ? publish.Result : PublishOutcome.Failed)
            {
                case PublishOutcome.Published:
                    published.Add(rows[i].Id);
                    break;
                case PublishOutcome.Unroutable:
                    unroutable.Add(rows[i]);
                    break;
                case PublishOutcome.Failed:
                    unpublished.Add(rows[i].Id);
                    stuck += publish.IsCompleted ? 0 : 1;
                    // A cancelled task carries no exception: say what the cancellation meant.
                    failure ??= publish.Exception?.InnerException ?? (cancellationToken.IsCancellationRequested
                        ? new OperationCanceledException(cancellationToken)
                        : new TimeoutException($"The broker did not confirm a publish within Ingress:Relay:PublishTimeout ({options.PublishTimeout})."));
                    break;
            }
        }

        // Not cancelled by shutdown: what the broker confirmed must be recorded, or it would go out again.
        await store.MarkPublishedAsync(RelayId, published, CancellationToken.None);
        await store.ReleaseAsync(RelayId, unpublished, CancellationToken.None);
        metrics.Published.Add(published.Count);
        if (unroutable.Count > 0)
        {
            await DeferUnroutableAsync(unroutable);
        }

        await RecordProgressAsync(cancellationToken);
        if (stuck > 0 && settlement.MayRestartBus)
        {
            await RenewBusAsync(stuck, cancellationToken);
        }
        else if (stuck > 0)
        {
            // The defect is RabbitMQ's channels'; the in-memory bus has none, so its publishes are only tried again.
            LogStuckPublishesLeft(stuck, options.PublishTimeout + StuckPublishGrace);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return published.Count;
    }

    // The stuck publishes' rows are released already (a publish that completes after all is a duplicate the consumers'
    // inboxes drop). Their channel stays stuck until MassTransit opens new ones, which it does when the bus starts again.
    private async Task RenewBusAsync(int stuck, CancellationToken cancellationToken)
    {
        LogStuckPublishes(stuck, options.PublishTimeout + StuckPublishGrace);
        metrics.BusRenewals.Add(1);
        using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stopping.CancelAfter(BusStopTimeout);
            await bus.StopAsync(stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await bus.StartAsync(cancellationToken);
    }

    private async Task<PublishOutcome> PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        // Current for this row's publish only (an async method's ambient changes stay in it): MassTransit's send activity
        // becomes its child and carries the request's trace in the message headers.
        using var activity = IngressTracing.StartRelayPublish(row);
        // Parsed again on purpose: the outbox keeps what JaaS sent, byte for byte, not our reading of it, so a replay
        // after a parser fix publishes the corrected reading. Parsing costs far less than the publish.
        var parsed = JaasEventParser.Parse(row.Body);
        if (parsed.Event is not { } message)
        {
            // It parsed when it was accepted; only a parser change can get here. Keep the row, step past it.
            var reason = string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Problem}"));
            await store.ParkAsync(row.Id, reason, cancellationToken);
            metrics.Parked.Add(1);
            LogParked(row.Id, row.IdempotencyKey, reason);
            return PublishOutcome.Parked;
        }

        try
        {
            if (row.ReplayQueue is { } queue)
            {
                await SendToQueueAsync(bus, row, message, queue, cancellationToken);
                return PublishOutcome.Published;
            }

            await bus.Publish(message, message.GetType(), context =>
            {
                context.MessageId = JaasMessageId.FromIdempotencyKey(row.IdempotencyKey);
                // RabbitMQ returns a message no queue is bound to instead of dropping it (the in-memory bus ignores it).
                context.Mandatory = true;
                context.Headers.Set(OutboxHeaders.OutboxId, row.Id);
                SetTraceParent(context, row);
            }, cancellationToken);
            return PublishOutcome.Published;
        }
        catch (MessageReturnedException)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "unroutable: no queue is bound for the event type");
            return PublishOutcome.Unroutable;
        }
        catch (Exception exception) when (activity is not null)
        {
            // Not handled here: the round records the row as unpublished and backs off.
            activity.AddException(exception);
            activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    // A replay to one consumer: sent to the exchange MassTransit binds to that queue (an "exchange:" address declares
    // no queue, so it cannot create a classic queue beside the quorum one). The in-memory tracker follows publishes to
    // every consumer, not sends (a replay is an operator's action that can be repeated); the outbox-id header is there
    // so that a copy which faults again is recorded with its outbox id and can be moved back once more. The in-memory
    // bus's retries (OutboxRedelivery.SendAgainAsync) send the same way.
    internal static async Task SendToQueueAsync(IBus bus, OutboxRow row, JaasEvent message, string queue, CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{queue}"));
        await endpoint.Send(message, message.GetType(), context =>
        {
            context.MessageId = JaasMessageId.FromIdempotencyKey(row.IdempotencyKey);
            context.Headers.Set(OutboxHeaders.OutboxId, row.Id);
            SetTraceParent(context, row);
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
        }, cancellationToken);
    }

    private static void SetTraceParent(SendContext context, OutboxRow row)
    {
        if (IngressTracing.PropagatedParent(row) is { } parent)
        {
            context.Headers.Set(MassTransit.Logging.DiagnosticHeaders.ActivityId, parent);
        }
    }

    // RabbitMQ dropped nothing but routed it nowhere: no queue is bound for this event type yet (a first deployment,
    // a renamed queue, a consumer not started). The row stays unpublished and waits, without blocking the rows behind it.
    private async Task DeferUnroutableAsync(List<OutboxRow> rows)
    {
        await store.DeferAsync(RelayId, rows.ConvertAll(row => row.Id), options.MaxBackoff, CancellationToken.None);
        foreach (var byType in rows.GroupBy(row => row.EventType))
        {
            metrics.Unroutable.Add(byType.Count(), new KeyValuePair<string, object?>("event_type", byType.Key));
            LogUnroutable(byType.Count(), byType.Key, options.MaxBackoff);
        }
    }

    private async Task RefreshBacklogAsync(CancellationToken cancellationToken)
    {
        try
        {
            metrics.SetOutboxBacklog(await store.ReadBacklogAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBacklogUnknown(exception);
        }
    }

    private async Task RecordProgressAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow >= nextBacklogRefresh)
        {
            nextBacklogRefresh = DateTimeOffset.UtcNow + BacklogRefreshInterval;
            metrics.SetOutboxBacklog(await store.ReadBacklogAsync(cancellationToken));
        }

        await settlement.RoundFinishedAsync(cancellationToken);
    }

    private enum PublishOutcome
    {
        Published,
        Unroutable,
        Parked,
        Failed,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay round failed; next attempt in {Delay}")]
    private partial void LogRoundFailed(Exception? exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} publishes were still running {Wait} after they were told to give up (MassTransit waits without end on a channel whose exchange declaration failed); starting the bus again for new channels")]
    private partial void LogStuckPublishes(int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} publishes were still running {Wait} after they were told to give up; the in-memory bus is not stopped (that would drop the messages its queues hold), their rows are tried again")]
    private partial void LogStuckPublishesLeft(int count, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outbox backlog (the database may be down too)")]
    private partial void LogBacklogUnknown(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} ({IdempotencyKey}) cannot be parsed any more and is parked: {Reason}")]
    private partial void LogParked(long id, string idempotencyKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} {EventType} deliveries are unroutable: no queue is bound for them (is the consumer service that takes them started?); they stay in the outbox and are tried again in {Delay}")]
    private partial void LogUnroutable(int count, string eventType, TimeSpan delay);
}
