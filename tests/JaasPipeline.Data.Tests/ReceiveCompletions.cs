using System.Collections.Concurrent;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>Counts, per MessageId, the deliveries a bus has finished with (consumed, skipped or faulted).</summary>
public sealed class ReceiveCompletions : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, int> finished = new();

    public int Of(Guid messageId) => finished.GetValueOrDefault(messageId);

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

        return Task.CompletedTask;
    }
}
