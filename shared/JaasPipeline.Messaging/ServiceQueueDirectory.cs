using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace JaasPipeline.Messaging;

/// <summary>
/// Whether a consumer service's queue exists, asked before anything is sent to it by name (a replay to one consumer):
/// on RabbitMQ the broker itself answers (a passive declare); on the in-memory bus, the queues of this process.
/// </summary>
public sealed class ServiceQueueDirectory(ConsumerRoutes routes, IOptions<MessagingOptions> options, IOptions<RabbitMqOptions> rabbit)
{
    public async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        if (options.Value.Transport == MessagingTransport.InMemory)
        {
            return routes.Queues.Contains(queue);
        }

        await using var connection = await RabbitMqConnections.ConnectAsync(rabbit.Value, "queue lookup", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }
}
