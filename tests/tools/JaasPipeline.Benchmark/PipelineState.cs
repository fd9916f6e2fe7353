namespace JaasPipeline.Benchmark;

/// <summary>One look at the deployment as an operator sees it: the ingress's /metrics and, in production mode, the broker's queues.</summary>
internal sealed record PipelineState(MetricsScrape Ingress, QueueDepths? Queues)
{
    /// <summary>
    /// Every consumer has caught up: the relay has published at least <paramref name="published"/> rows in total and
    /// has no backlog (the backlog gauge alone may be up to a second old), and nothing is left for a consumer: in
    /// production mode every service queue shows 0 ready and 0 unacked; in the embedded default
    /// <c>jaas_inmemory_unsettled</c> is 0 (if the host does not export it, only the outbox can be checked).
    /// </summary>
    public bool CaughtUp(double published, Deployment deployment) =>
        Ingress.Backlog == 0 && Ingress.Published >= published &&
        (deployment == Deployment.Production ? Queues is { Empty: true } : Ingress.InMemoryUnsettled is null or 0);

    public override string ToString() =>
        $"backlog {Ingress.Backlog:F0}, published {Ingress.Published:F0}" +
        (Queues is { } queues ? $", {queues}" : "") +
        (Ingress.InMemoryUnsettled is { } unsettled ? $", unsettled {unsettled:F0}" : Queues is null ? ", unsettled n/a" : "");
}
