using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace JaasPipeline.Ingress;

/// <summary>
/// Publishes committed outbox rows to the bus in receipt order as typed messages, marks them published, and backs off
/// while the broker (or the database) is down. A row is claimed before it is published, so two ingress instances on
/// one database never both publish it; its MessageId derives from the idempotency key, so a republish after a crash
/// carries the same id and the consumers' inboxes drop it.
/// </summary>
public sealed partial class OutboxRelay(
    OutboxStore store,
    IBusControl bus,
    OutboxDoorbell doorbell,
    IngressMetrics metrics,
    InMemoryDeliveryTracker inMemoryTracker,
    IOptions<IngressOptions> ingressOptions,
    IOptions<MessagingOptions> messagingOptions,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const string SettledCheckpoint = "in-memory-settled";

    // Counting the backlog reads every waiting row: after a long outage that is millions of rows, so it must not
    // run on every 200-row round of the drain. Once a second is plenty for a gauge.
    private static readonly TimeSpan BacklogRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly RelayOptions options = ingressOptions.Value.Relay;
    private readonly bool onInMemoryBus = messagingOptions.Value.Transport == MessagingTransport.InMemory;
    private DateTimeOffset nextBacklogRefresh = DateTimeOffset.MinValue;
    private long savedWatermark = -1;

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

        if (onInMemoryBus)
        {
            await retry.ExecuteAsync(RepublishUnsettledAsync, stoppingToken);
        }

        // Publishing before the receive endpoints are up would hand messages to exchanges with no queue bound yet.
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            await doorbell.WaitAsync(options.PollInterval, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var published = await retry.ExecuteAsync(RelayRoundAsync, stoppingToken);
            if (published == 0)
            {
                await doorbell.WaitAsync(options.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>One round: claim a batch, publish it in order, record what went out. Returns the number published.</summary>
    public async ValueTask<int> RelayRoundAsync(CancellationToken cancellationToken)
    {
        // Taken before the claim: the lease the database records starts a little later, so this errs on the safe side.
        var claimedUntil = DateTimeOffset.UtcNow + options.ClaimLease;
        var rows = await store.ClaimAsync(RelayId, options.BatchSize, options.ClaimLease, cancellationToken);
        var published = new List<long>(rows.Count);
        try
        {
            foreach (var row in rows)
            {
                // Start a publish only while the claim will outlast it: otherwise another relay could take the row.
                if (DateTimeOffset.UtcNow + options.PublishTimeout >= claimedUntil)
                {
                    break;
                }

                if (await PublishAsync(row, cancellationToken))
                {
                    published.Add(row.Id);
                }
            }
        }
        finally
        {
            await store.MarkPublishedAsync(RelayId, published, CancellationToken.None);
            await store.ReleaseAsync(RelayId, rows.Select(r => r.Id).Except(published).ToList(), CancellationToken.None);
            metrics.Published.Add(published.Count);
        }

        await RecordProgressAsync(cancellationToken);
        return published.Count;
    }

    private async Task<bool> PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
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
            return false;
        }

        var messageId = JaasMessageId.FromIdempotencyKey(row.IdempotencyKey);
        if (onInMemoryBus)
        {
            inMemoryTracker.Publishing(row.Id, messageId, message.GetType());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        try
        {
            await bus.Publish(message, message.GetType(), context => context.MessageId = messageId, timeout.Token);
            return true;
        }
        catch
        {
            if (onInMemoryBus)
            {
                inMemoryTracker.PublishFailed(row.Id, messageId);
            }

            throw;
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

        if (onInMemoryBus && inMemoryTracker.SettledWatermark is var watermark && watermark != savedWatermark)
        {
            await store.SaveCheckpointAsync(SettledCheckpoint, watermark, cancellationToken);
            savedWatermark = watermark;
        }
    }

    // The in-memory bus lost whatever it held when the process died: publish again everything after the last
    // point where every consumer had finished. Consumers' inboxes drop what they had already handled.
    private async ValueTask RepublishUnsettledAsync(CancellationToken cancellationToken)
    {
        var watermark = await store.ReadCheckpointAsync(SettledCheckpoint, cancellationToken);
        var again = await store.UnpublishAfterAsync(watermark, cancellationToken);
        if (again > 0)
        {
            LogRepublishing(again, watermark);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay round failed; next attempt in {Delay}")]
    private partial void LogRoundFailed(Exception? exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outbox backlog (the database may be down too)")]
    private partial void LogBacklogUnknown(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} ({IdempotencyKey}) cannot be parsed any more and is parked: {Reason}")]
    private partial void LogParked(long id, string idempotencyKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-memory bus: publishing {Count} rows after outbox id {Watermark} again, since the last run may not have finished them")]
    private partial void LogRepublishing(int count, long watermark);
}
