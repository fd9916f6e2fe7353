namespace JaasPipeline.Benchmark;

/// <summary>
/// The service queues of a virtual host as the RabbitMQ management API shows them: messages waiting (ready), handed
/// to a consumer and not yet acknowledged (unacked), and what lies in the <c>_error</c> queues.
/// </summary>
internal sealed record QueueDepths(int ServiceQueues, long Ready, long Unacked, long InErrorQueues)
{
    public bool Empty => Ready == 0 && Unacked == 0;

    public override string ToString() =>
        $"{ServiceQueues} queues: ready {Ready}, unacked {Unacked}" + (InErrorQueues > 0 ? $", {InErrorQueues} in _error queues" : "");
}
