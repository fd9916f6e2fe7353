namespace JaasPipeline.Benchmark;

/// <summary>What the per-second looks at the deployment saw while the load ran: the largest outbox backlog and queue depth.</summary>
internal sealed class LoadObservation
{
    public double MaxBacklog { get; private set; }

    public long MaxQueued { get; private set; }

    /// <summary>Whether the host exported <c>jaas_inmemory_unsettled</c> at all.</summary>
    public bool SawUnsettled { get; private set; }

    public void Saw(PipelineState? state)
    {
        if (state is null)
        {
            return;
        }

        MaxBacklog = Math.Max(MaxBacklog, state.Ingress.Backlog);
        SawUnsettled |= state.Ingress.InMemoryUnsettled is not null;
        MaxQueued = Math.Max(MaxQueued, state.Queues is { } queues ? queues.Ready + queues.Unacked : (long)(state.Ingress.InMemoryUnsettled ?? 0));
    }
}
