using System.Collections.Concurrent;
using MassTransit;

namespace JaasPipeline.Testing;

/// <summary>
/// Counts the deliveries a bus has finished with (consumed, skipped or faulted), per MessageId and per queue: what a test
/// waits for before it checks what a delivery left behind.
/// </summary>
public sealed class ReceiveCompletions : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> finished = new();
    private readonly ConcurrentDictionary<string, int> finishedByQueue = new(StringComparer.Ordinal);

    public int Of(Guid messageId) => finished.GetValueOrDefault(messageId);

    /// <summary>Deliveries finished on the receive endpoint of <paramref name="queue"/>.</summary>
    public int OfQueue(string queue) => finishedByQueue.GetValueOrDefault(queue);

    public Task PostReceive(ReceiveContext context) => Finished(context);

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Finished(context);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;

    private Task Finished(ReceiveContext context)
    {
        if (context.GetMessageId() is { } messageId)
        {
            finished.AddOrUpdate(messageId, 1, (_, count) => count + 1);
        }

        finishedByQueue.AddOrUpdate(context.InputAddress.AbsolutePath.Split('/')[^1], 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}
