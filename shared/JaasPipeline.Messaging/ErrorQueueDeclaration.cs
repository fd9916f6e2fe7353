using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using RabbitMQ.Client;

namespace JaasPipeline.Messaging;

/// <summary>
/// Declares each service queue's <c>&lt;queue&gt;_error</c> exchange and queue as soon as the bus is up. MassTransit
/// only declares them at the first fault, so until then an operator looking for them in the management UI (or an
/// alert on their depth) finds nothing. The declarations match MassTransit's own (a fanout exchange bound to a
/// durable queue with the service queue's arguments: quorum), so its later declaration agrees with them.
/// </summary>
public sealed partial class ErrorQueueDeclaration(
    IBusControl bus, ConsumerRoutes routes, IOptions<RabbitMqOptions> options, ILogger<ErrorQueueDeclaration> logger) : BackgroundService
{
    /// <summary>MassTransit's name for a queue's error queue (and its exchange).</summary>
    public static string ErrorQueueOf(string queue) => queue + "_error";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The routes are known once the bus has configured its endpoints; healthy means they are up.
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);

        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || !stoppingToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            OnRetry = args =>
            {
                LogDeclarationFailed(args.Outcome.Exception, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        }).Build();
        await retry.ExecuteAsync(DeclareAsync, stoppingToken);
    }

    private async ValueTask DeclareAsync(CancellationToken cancellationToken)
    {
        await using var connection = await RabbitMqConnections.ConnectAsync(options.Value, "error queue declaration", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var errorQueue in routes.Queues.Select(ErrorQueueOf))
        {
            await channel.ExchangeDeclareAsync(errorQueue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(
                errorQueue, durable: true, exclusive: false, autoDelete: false,
                arguments: QueueArguments(options.Value), cancellationToken: cancellationToken);
            await channel.QueueBindAsync(errorQueue, errorQueue, routingKey: "", cancellationToken: cancellationToken);
            LogDeclared(errorQueue);
        }
    }

    // MassTransit declares an error queue with its service queue's arguments: the same here, or one of the two
    // declarations would be refused as inequivalent.
    private static Dictionary<string, object?> QueueArguments(RabbitMqOptions rabbit)
    {
        var arguments = new Dictionary<string, object?> { ["x-queue-type"] = "quorum" };
        if (rabbit.DeclaredQuorumQueueSize() is { } size)
        {
            arguments["x-quorum-initial-group-size"] = size;
        }

        return arguments;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Error queue {ErrorQueue} is declared")]
    private partial void LogDeclared(string errorQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declaring the error queues failed; next attempt in {Delay}")]
    private partial void LogDeclarationFailed(Exception? exception, TimeSpan delay);
}
