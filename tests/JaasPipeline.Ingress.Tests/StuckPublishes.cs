using JaasPipeline.Contracts;
using MassTransit;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// Stands in for a MassTransit 8.5 defect that cannot be brought about on purpose here (the cluster fault suite met it
/// when a node died under load): on a channel whose one-time exchange declaration failed, a publish waits without end,
/// whatever its cancellation token says. While armed, every publish of <see cref="ParticipantLeft"/> waits so, until the
/// test ends; once the bus has been stopped (MassTransit opens new channels when it starts again), publishes pass.
/// </summary>
internal sealed class StuckPublishes : IPublishObserver, IBusObserver
{
    private readonly TaskCompletionSource testEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool armed = true;
    private int stuck;
    private int busStops;

    public int Stuck => Volatile.Read(ref stuck);

    public int BusStops => Volatile.Read(ref busStops);

    /// <summary>Lets the publishes that are still waiting end (at the end of a test, so that the host can stop).</summary>
    public void Release() => testEnded.TrySetResult();

    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (!armed || context.Message is not ParticipantLeft)
        {
            return Task.CompletedTask;
        }

        Interlocked.Increment(ref stuck);
        return testEnded.Task; // not context.CancellationToken: that is the defect
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public Task PreStop(IBus bus)
    {
        armed = false;
        Interlocked.Increment(ref busStops);
        return Task.CompletedTask;
    }

    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(IBus bus) => Task.CompletedTask;

    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
