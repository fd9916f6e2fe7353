using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JaasPipeline.Benchmark;

/// <summary>
/// RabbitMQ.Client alone doing what the pipeline asks of the broker, and nothing else (no serializer, no database):
/// persistent, mandatory publishes in batches, each batch published concurrently and its confirms awaited together
/// (as the relay publishes a claimed batch); one connection per service queue, as each service host has its own, whose
/// consumer takes <c>prefetch</c> messages at a time and acknowledges each on its own (as MassTransit does).
/// </summary>
internal sealed class PlainClientRun : IAsyncDisposable
{
    private readonly List<IConnection> connections = [];
    private readonly ConcurrentDictionary<string, long> receivedByQueue = new(StringComparer.Ordinal);
    private IChannel? publisher;
    private long received;
    private long expected;
    private TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PlainClientRun()
    {
    }

    /// <summary>Acknowledged deliveries per queue so far.</summary>
    public IReadOnlyDictionary<string, long> ReceivedByQueue => receivedByQueue;

    /// <summary>Declares <paramref name="topology"/> in the factory's virtual host and starts a consumer on each of its queues.</summary>
    public static async Task<PlainClientRun> StartAsync(ConnectionFactory factory, BrokerTopology topology, ushort prefetch, CancellationToken cancellationToken)
    {
        var run = new PlainClientRun();
        try
        {
            var publishing = await run.ConnectAsync(factory, "plain client: publisher", cancellationToken);
            await using (var declaring = await publishing.CreateChannelAsync(cancellationToken: cancellationToken))
            {
                await topology.DeclareAsync(declaring, cancellationToken);
            }

            // Confirms tracked by the client, so each publish completes when the broker confirms it; no rate limiter of
            // the client's own: the batch size bounds what is outstanding, as the relay's claim does.
            run.publisher = await publishing.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
                cancellationToken);
            foreach (var queue in topology.Queues)
            {
                var connection = await run.ConnectAsync(factory, $"plain client: {queue.Name}", cancellationToken);
                var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                await channel.BasicQosAsync(prefetchSize: 0, prefetch, global: false, cancellationToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, delivery) => run.AcknowledgeAsync(channel, queue.Name, delivery);
                await channel.BasicConsumeAsync(queue.Name, autoAck: false, consumer, cancellationToken);
            }

            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Publishes every envelope, <paramref name="batchSize"/> at a time, then waits until the consumers have
    /// acknowledged <paramref name="deliveries"/> more messages; false if they had not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> PublishAndConsumeAsync(
        IReadOnlyList<CapturedEnvelope> envelopes, long deliveries, int batchSize, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = Expect(deliveries);
        foreach (var batch in envelopes.Chunk(batchSize))
        {
            await Task.WhenAll(batch.Select(envelope => publisher!.BasicPublishAsync(
                envelope.Exchange, envelope.RoutingKey, mandatory: true, envelope.PropertiesToPublish(), envelope.Body, cancellationToken).AsTask()));
        }

        try
        {
            await done.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in connections)
        {
            await connection.CloseAsync();
            connection.Dispose();
        }
    }

    private async Task<IConnection> ConnectAsync(ConnectionFactory factory, string name, CancellationToken cancellationToken)
    {
        var connection = await factory.CreateConnectionAsync(name, cancellationToken);
        connections.Add(connection);
        return connection;
    }

    // The previous phase was waited for, so nothing of it is still arriving: the new target is the old one plus these.
    private Task Expect(long deliveries)
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref reached, next);
        var target = Interlocked.Add(ref expected, deliveries);
        if (Interlocked.Read(ref received) >= target)
        {
            next.TrySetResult();
        }

        return next.Task;
    }

    private async Task AcknowledgeAsync(IChannel channel, string queue, BasicDeliverEventArgs delivery)
    {
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        receivedByQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);
        if (Interlocked.Increment(ref received) >= Interlocked.Read(ref expected))
        {
            Volatile.Read(ref reached).TrySetResult();
        }
    }
}
