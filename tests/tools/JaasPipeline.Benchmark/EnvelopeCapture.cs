using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JaasPipeline.Benchmark;

/// <summary>
/// Copies of what the relay publishes: a temporary queue (exclusive, auto-delete, not measured) bound to every
/// exchange of the deployment's service topology takes one copy of each message — body and properties exactly as
/// MassTransit wrote them, and the exchange it was published to — while the service queues get theirs as usual.
/// </summary>
internal sealed class EnvelopeCapture : IAsyncDisposable
{
    private readonly IChannel channel;
    private readonly ConcurrentDictionary<Guid, CapturedEnvelope> taken = new();

    private EnvelopeCapture(IChannel channel) => this.channel = channel;

    /// <summary>What was taken so far, by the message's MessageId.</summary>
    public IReadOnlyDictionary<Guid, CapturedEnvelope> Taken => taken;

    public static async Task<EnvelopeCapture> StartAsync(IConnection connection, BrokerTopology topology, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var capture = new EnvelopeCapture(channel);
        var queue = (await channel.QueueDeclareAsync(cancellationToken: cancellationToken)).QueueName;
        foreach (var exchange in topology.Exchanges)
        {
            await channel.QueueBindAsync(queue, exchange.Name, routingKey: "", cancellationToken: cancellationToken);
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += capture.TakeAsync;
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, cancellationToken);
        return capture;
    }

    /// <summary>Waits until every one of <paramref name="messageIds"/> was taken; false if some were not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(IReadOnlyCollection<Guid> messageIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (!messageIds.All(taken.ContainsKey))
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.CloseAsync();
        channel.Dispose();
    }

    // The body is the client's buffer, valid only during this call: copied.
    private Task TakeAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (Guid.TryParse(delivery.BasicProperties.MessageId, out var messageId))
        {
            taken.TryAdd(messageId, new CapturedEnvelope(delivery.Exchange, delivery.RoutingKey, new BasicProperties(delivery.BasicProperties), delivery.Body.ToArray()));
        }

        return Task.CompletedTask;
    }
}
