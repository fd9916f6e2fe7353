namespace JaasPipeline.Benchmark;

/// <summary>What the per-second looks at the deployment saw while the load ran: the largest outbox backlog and queue depth.</summary>
internal sealed class LoadObservation
{
    public double MaxBacklog { get; private set; }

    public long MaxQueued { get; private set; }

    public void Saw(PipelineState? state)
    {
        if (state is null)
        {
            return;
        }

        MaxBacklog = Math.Max(MaxBacklog, state.Ingress.Backlog);
        MaxQueued = Math.Max(MaxQueued, state.Queues is { } queues ? queues.Ready + queues.Unacked : (long)(state.Ingress.InMemoryUnsettled ?? 0));
    }
}
