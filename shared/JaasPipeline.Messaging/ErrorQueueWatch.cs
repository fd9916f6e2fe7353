using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>Reads the error queues' depths every <c>Messaging:ErrorQueueCheckInterval</c> (see <see cref="ErrorQueues"/>).</summary>
public sealed partial class ErrorQueueWatch(
    ErrorQueues errorQueues, IBusControl bus, IOptions<MessagingOptions> options, ILogger<ErrorQueueWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The service queues are known once the bus has configured its endpoints.
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);

        using var timer = new PeriodicTimer(options.Value.ErrorQueueCheckInterval);
        do
        {
            try
            {
                await errorQueues.ReadAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The bus's own check reports the broker; the last depths read stay until the next read succeeds.
                LogReadFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the error queues' depths; keeping the last ones read")]
    private partial void LogReadFailed(Exception exception);
}
