namespace JaasPipeline.Benchmark;

/// <summary>Reads <see cref="PipelineState"/>: the ingress's /metrics, and the broker's queues when there is a broker.</summary>
internal sealed class PipelineObserver(HttpClient client, Uri metrics, BrokerQueues? broker)
{
    /// <summary>The state now, or null and why not (an observer that cannot read is reported, not fatal).</summary>
    public async Task<(PipelineState? State, string? Problem)> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var ingress = await MetricsScrape.ReadAsync(client, metrics, cancellationToken);
            var queues = broker is null ? null : await broker.ReadAsync(cancellationToken);
            return (new PipelineState(ingress, queues), null);
        }
        catch (HttpRequestException exception)
        {
            return (null, $"cannot read the deployment's state: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "cannot read the deployment's state: timeout");
        }
    }
}
