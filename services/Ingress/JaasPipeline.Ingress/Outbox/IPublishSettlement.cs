namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// When a published delivery is safe, as far as the relay must know. On RabbitMQ the publisher confirm settles it
/// (<see cref="SettledOnConfirm"/>); the in-memory bus holds it only in memory, so it is settled once every consumer
/// has finished with it, and the relay must not run far ahead of them (<see cref="InMemorySettlement"/>).
/// </summary>
public interface IPublishSettlement
{
    /// <summary>
    /// Whether the relay may stop and start the bus while the process runs, to get new channels for publishes stuck past
    /// their timeout. On RabbitMQ the broker holds what was published; stopping the in-memory bus would drop what its
    /// queues hold, which only the replay at the next start brings back.
    /// </summary>
    bool MayRestartBus { get; }

    /// <summary>Once, before the relay's first round.</summary>
    ValueTask StartAsync(CancellationToken cancellationToken);

    /// <summary>Before a round claims up to <paramref name="rows"/> rows: returns once that many more may be published.</summary>
    ValueTask WaitForRoomAsync(int rows, CancellationToken cancellationToken);

    /// <summary>After every round, whatever it published.</summary>
    ValueTask RoundFinishedAsync(CancellationToken cancellationToken);
}
