namespace JaasPipeline.Benchmark;

/// <summary>
/// The baseline of <see cref="CostRatio"/>: <c>/health/live</c> requested closed loop over <c>connections</c> for a few
/// seconds on the caught-up deployment, and the CPU the process answering it (the ingress, or the Standalone) used.
/// </summary>
internal sealed record LiveBaseline(long Requests, double CpuSeconds, string Process)
{
    public static async Task<LiveBaseline?> MeasureAsync(
        HttpClient client, Uri live, int connections, TimeSpan duration, DeploymentProcesses processes, CancellationToken cancellationToken)
    {
        if (processes.Answering is not { } answering)
        {
            return null;
        }

        long answered = 0;
        var before = processes.SampleCpu();
        await ClosedLoopLoad.RunAsync(async _ =>
        {
            try
            {
                using var response = await client.GetAsync(live, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref answered);
                }
            }
            catch (HttpRequestException)
            {
                // Not answered: not counted.
            }
        }, connections, new LoadLimits(duration, 0), cancellationToken);
        var after = processes.SampleCpu();
        return before.Processes[answering.Pid] is { } start && after.Processes[answering.Pid] is { } end
            ? new LiveBaseline(answered, (end - start).TotalSeconds, answering.Label)
            : null;
    }
}
