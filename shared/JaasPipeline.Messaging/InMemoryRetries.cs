using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// The in-memory bus's retries of messages that failed because their consumer's database refused the write (full,
/// read-only, locked): such a message is not set aside for an operator but sent to its queue again, from the ingress's
/// outbox, after a pause that starts at <c>Messaging:InMemoryRetryFirstDelay</c> and doubles up to
/// <c>Messaging:InMemoryRetryMaxDelay</c>, for as long as the database refuses. It stays unsettled meanwhile (so a
/// restart would publish it again), and the copy keeps its MessageId, so the inbox still lets each consumer handle it
/// once. Waiting messages show as the gauge <c>jaas_inmemory_waiting_retry</c> and the readiness check
/// <see cref="HealthCheckName"/>, Degraded, not Unhealthy: the ingress still accepts and commits.
/// </summary>
/// <remarks>
/// Not a Polly or MassTransit retry: the outcome of an attempt arrives later, through the receive observer
/// (<see cref="InMemoryDeliveryTracker"/>), not as the result of a call; and MassTransit's delayed redelivery needs a
/// message scheduler the in-memory path does without. A timer per waiting message sends it when its pause is over.
/// </remarks>
public sealed partial class InMemoryRetries : IHealthCheck, IDisposable
{
    public const string HealthCheckName = "in-memory-retries";

    private readonly IServiceProvider services;
    private readonly TimeProvider clock;
    private readonly ILogger<InMemoryRetries> logger;
    private readonly TimeSpan firstDelay;
    private readonly TimeSpan maxDelay;
    private readonly Lock gate = new();
    private readonly Dictionary<(Guid MessageId, string Queue), Attempts> attempts = [];
    private readonly CancellationTokenSource stopping = new();

    public InMemoryRetries(
        IServiceProvider services, IOptions<MessagingOptions> options, IMeterFactory meters, ILogger<InMemoryRetries> logger, TimeProvider? clock = null)
    {
        this.services = services;
        this.logger = logger;
        this.clock = clock ?? TimeProvider.System;
        firstDelay = options.Value.InMemoryRetryFirstDelay;
        maxDelay = options.Value.InMemoryRetryMaxDelay;
        meters.Create(MessagingMetrics.MeterName).CreateObservableGauge(
            "jaas_inmemory_waiting_retry", () => Waiting,
            description: "Messages on the in-memory bus whose consumer's database refused the write, waiting to be sent to their queue again");
    }

    /// <summary>Raised with the message id when a waiting message cannot be sent again (the outbox no longer holds it): nothing will settle it.</summary>
    public event Action<Guid>? Abandoned;

    /// <summary>Whether retries can be sent: the ingress (which holds the outbox) runs in this process.</summary>
    public bool CanRetry => Redelivery is not null;

    /// <summary>Messages waiting for their next attempt (not those whose copy is on its way).</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return attempts.Values.Count(attempt => attempt.DueAt is not null);
            }
        }
    }

    // Resolved when first needed: the ingress's implementation needs the bus, whose configuration needs the tracker,
    // which needs this.
    private IOutboxRedelivery? Redelivery => services.GetService<IOutboxRedelivery>();

    /// <summary>
    /// <paramref name="queue"/> failed <paramref name="messageId"/> (outbox row <paramref name="outboxId"/>) because its
    /// database refused the write: sends it there again after the next pause. Returns which attempt that is and the pause.
    /// </summary>
    public (int Attempt, TimeSpan Delay) Schedule(Guid messageId, string queue, long outboxId, string reason)
    {
        var key = (messageId, queue);
        lock (gate)
        {
            if (!attempts.TryGetValue(key, out var attempt))
            {
                attempt = new Attempts(outboxId);
                attempts[key] = attempt;
            }

            attempt.Count++;
            var delay = DelayBefore(attempt.Count);
            attempt.DueAt = clock.GetUtcNow() + delay;
            attempt.Reason = reason;
            attempt.Timer?.Dispose();
            // The callback takes the gate, so it cannot run before the timer is stored. Started without the failed
            // consume's execution context: its activity and log scopes ended with it.
            using (ExecutionContext.SuppressFlow())
            {
                attempt.Timer = clock.CreateTimer(_ => _ = SendAgainAsync(key), null, delay, Timeout.InfiniteTimeSpan);
            }

            return (attempt.Count, delay);
        }
    }

    /// <summary><paramref name="queue"/> finished <paramref name="messageId"/> (consumed, or set aside for an operator): no more retries.</summary>
    public void Finished(Guid messageId, string queue)
    {
        lock (gate)
        {
            if (attempts.Remove((messageId, queue), out var attempt))
            {
                attempt.Timer?.Dispose();
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        List<(string Queue, int Messages, DateTimeOffset NextAt, string Reason)> waiting;
        lock (gate)
        {
            waiting = attempts
                .Where(attempt => attempt.Value.DueAt is not null)
                .GroupBy(attempt => attempt.Key.Queue, StringComparer.Ordinal)
                .Select(byQueue =>
                {
                    var next = byQueue.MinBy(attempt => attempt.Value.DueAt)!.Value;
                    return (byQueue.Key, byQueue.Count(), next.DueAt!.Value, next.Reason);
                })
                .OrderBy(byQueue => byQueue.Key, StringComparer.Ordinal)
                .ToList();
        }

        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("No message waits for a retry.")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Join("; ", waiting.Select(queue =>
                    $"{queue.Messages} message(s) of queue {queue.Queue} wait for a retry, next at {queue.NextAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}: " +
                    $"its database refused the write ({queue.Reason})")) +
                "; they go again by themselves once the database takes writes (free disk space, make it writable)"));
    }

    public void Dispose()
    {
        stopping.Cancel();
        lock (gate)
        {
            foreach (var attempt in attempts.Values)
            {
                attempt.Timer?.Dispose();
            }

            attempts.Clear();
        }

        stopping.Dispose();
    }

    private TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, firstDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 40))));

    private async Task SendAgainAsync((Guid MessageId, string Queue) key)
    {
        long outboxId;
        string reason;
        CancellationToken cancellationToken;
        lock (gate)
        {
            if (stopping.IsCancellationRequested || !attempts.TryGetValue(key, out var attempt) || attempt.DueAt is null)
            {
                return;
            }

            // On its way: no longer waiting. Its outcome (consumed, or failed again) comes back through the tracker.
            attempt.DueAt = null;
            attempt.Timer?.Dispose();
            attempt.Timer = null;
            outboxId = attempt.OutboxId;
            reason = attempt.Reason;
            cancellationToken = stopping.Token;
        }

        try
        {
            if (await Redelivery!.SendAgainAsync(outboxId, key.Queue, cancellationToken))
            {
                return;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The send itself failed (the outbox's database cannot be read, the bus is stopping): wait longer, as for a refusal.
            var (attempt, delay) = Schedule(key.MessageId, key.Queue, outboxId, reason);
            LogSendFailed(exception, key.MessageId, outboxId, key.Queue, attempt, delay);
            return;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping: the message stays unsettled, and the next start publishes it again.
            return;
        }

        Finished(key.MessageId, key.Queue);
        LogAbandoned(key.MessageId, outboxId, key.Queue);
        Abandoned?.Invoke(key.MessageId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-memory bus: could not send message {MessageId} (outbox id {OutboxId}) to queue {Queue} again; attempt {Attempt} in {Delay}")]
    private partial void LogSendFailed(Exception exception, Guid messageId, long outboxId, string queue, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "In-memory bus: message {MessageId} waited for a retry on queue {Queue}, but the outbox no longer holds its delivery (outbox id {OutboxId}: retention, or parked); it is given up")]
    private partial void LogAbandoned(Guid messageId, long outboxId, string queue);

    private sealed class Attempts(long outboxId)
    {
        public long OutboxId { get; } = outboxId;

        public int Count { get; set; }

        /// <summary>When the next copy goes; null while one is on its way.</summary>
        public DateTimeOffset? DueAt { get; set; }

        public string Reason { get; set; } = "";

        public ITimer? Timer { get; set; }
    }
}
