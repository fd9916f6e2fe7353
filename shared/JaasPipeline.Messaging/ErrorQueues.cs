using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JaasPipeline.Messaging;

/// <summary>
/// The error queues of this host's service queues on RabbitMQ: how many messages each holds (a message lands there
/// after failing every retry, while the rest of its queue keeps flowing), and moving them back to their queue once the
/// cause is fixed. The depths are read by <see cref="ErrorQueueWatch"/> and shown as the gauge
/// <c>jaas_error_queue_messages</c> and as a Degraded (not Unhealthy) readiness check: the service still works.
/// </summary>
public sealed partial class ErrorQueues : IHealthCheck
{
    public const string HealthCheckName = "error-queues";

    private readonly ConsumerRoutes routes;
    private readonly RabbitMqOptions rabbit;
    private readonly ILogger<ErrorQueues> logger;
    private readonly ConcurrentDictionary<string, long> depths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServiceQueueState> queueStates = new(StringComparer.Ordinal);

    public ErrorQueues(ConsumerRoutes routes, IOptions<RabbitMqOptions> options, IMeterFactory meters, ILogger<ErrorQueues> logger)
    {
        this.routes = routes;
        rabbit = options.Value;
        this.logger = logger;
        meters.Create(MessagingMetrics.MeterName).CreateObservableGauge(
            "jaas_error_queue_messages",
            () => depths.Select(depth => new Measurement<long>(depth.Value, new KeyValuePair<string, object?>("queue", depth.Key))),
            description: "Messages in a service queue's error queue: they failed every retry and wait for an operator");
    }

    /// <summary>This host's service queues (the ones it consumes).</summary>
    public IReadOnlySet<string> Queues => routes.Queues;

    /// <summary>The depths last read, by service queue.</summary>
    public IReadOnlyDictionary<string, long> LastRead => depths;

    /// <summary>
    /// The service queues themselves as RabbitMQ last said (read with the error queues): messages ready and consumers
    /// attached, over every host that consumes the queue. A queue not declared yet has no entry.
    /// </summary>
    public IReadOnlyDictionary<string, ServiceQueueState> LastQueueStates => queueStates;

    /// <summary>Reads how many messages each service queue's error queue holds now, and each service queue's state.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ConnectAsync(rabbit, "error queues", cancellationToken);
        foreach (var queue in routes.Queues)
        {
            await using (var queueChannel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            {
                try
                {
                    var declared = await queueChannel.QueueDeclarePassiveAsync(queue, cancellationToken);
                    queueStates[queue] = new ServiceQueueState(declared.MessageCount, declared.ConsumerCount);
                }
                catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
                {
                    queueStates.TryRemove(queue, out _);
                }
            }

            // A passive declare fails on a missing queue and closes the channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(ErrorQueueDeclaration.ErrorQueueOf(queue), cancellationToken);
                depths[queue] = declared.MessageCount;
            }
            catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
            {
                // Not declared yet (ErrorQueueDeclaration runs at start-up): nothing has failed there.
                depths[queue] = 0;
            }
        }

        return depths;
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> messages from <paramref name="queue"/>'s error queue back to the queue, each
    /// acknowledged only after the broker confirmed its copy, so a failure midway loses none (at worst one is in both
    /// places, and the consumers' inboxes drop the second). Returns how many moved.
    /// </summary>
    public async Task<int> MoveBackAsync(string queue, int max, CancellationToken cancellationToken)
    {
        var errorQueue = ErrorQueueDeclaration.ErrorQueueOf(queue);
        await using var connection = await RabbitMqConnections.ConnectAsync(rabbit, "error queue move", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var moved = 0;
        while (moved < max && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            try
            {
                // MassTransit binds each queue to an exchange of its name; mandatory: fail rather than drop.
                await channel.BasicPublishAsync(
                    queue, routingKey: "", mandatory: true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            }
            catch
            {
                await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                throw;
            }

            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        LogMoved(moved, errorQueue, queue);
        depths[queue] = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        return moved;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = depths.Where(depth => depth.Value > 0).OrderBy(depth => depth.Key, StringComparer.Ordinal).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("No message waits in an error queue.")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                string.Join("; ", waiting.Select(depth => $"{ErrorQueueDeclaration.ErrorQueueOf(depth.Key)} holds {depth.Value} message(s) that failed every retry")) +
                "; fix the cause, then move them back: POST /api/error-queues/<queue>/move"));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {Moved} message(s) from {ErrorQueue} back to {Queue}")]
    private partial void LogMoved(int moved, string errorQueue, string queue);
}

/// <summary>A service queue as RabbitMQ reported it: messages ready for a consumer, and consumers attached.</summary>
public sealed record ServiceQueueState(uint Ready, uint Consumers);
