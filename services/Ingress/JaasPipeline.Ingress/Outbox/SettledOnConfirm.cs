namespace JaasPipeline.Ingress.Outbox;

/// <summary>RabbitMQ: a publish the broker confirmed is durable there (quorum queues), so there is nothing to follow.</summary>
public sealed class SettledOnConfirm : IPublishSettlement
{
    public bool MayRestartBus => true;

    public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WaitForRoomAsync(int rows, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask RoundFinishedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
