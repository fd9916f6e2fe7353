namespace JaasPipeline.Benchmark;

/// <summary>
/// What a delivery costs in CPU, against what the cheapest request costs: the deployment's CPU from the start of the
/// measured load until every consumer had caught up, per accepted delivery, divided by the CPU the process answering
/// <c>/health/live</c> (which does no work) spends per request under a closed loop of the same connections. Absolute
/// rates on a shared machine move by ±40 % from run to run; the ratio, measured in one run on one machine, moves far less.
/// </summary>
/// <param name="SharedCpuPerDelivery">The CPU per delivery of the processes the deployment shares (the broker), 0 without.</param>
internal sealed record CostRatio(
    double CpuPerDelivery, double SharedCpuPerDelivery, int Deliveries, double CpuPerLiveRequest, long LiveRequests, string LiveProcess)
{
    /// <summary>CPU seconds per delivery over CPU seconds per /health/live request.</summary>
    public double Ratio => CpuPerDelivery / CpuPerLiveRequest;

    /// <summary>The same with the shared processes' CPU (the broker's) counted as the deployment's.</summary>
    public double RatioWithShared => (CpuPerDelivery + SharedCpuPerDelivery) / CpuPerLiveRequest;

    /// <summary>
    /// The cost ratio from the load's <paramref name="resources"/> and a /health/live baseline; null when either side
    /// has nothing to divide (no deliveries, no deployment processes, no live request answered).
    /// </summary>
    public static CostRatio? Of(ResourceUse resources, int deliveries, LiveBaseline? baseline)
    {
        var deploymentCpu = resources.Deployment.Sum(process => process.CpuCores ?? 0) * resources.Seconds;
        var sharedCpu = resources.Shared.Sum(process => process.CpuCores ?? 0) * resources.Seconds;
        return deliveries > 0 && deploymentCpu > 0 && baseline is { Requests: > 0, CpuSeconds: > 0 }
            ? new CostRatio(
                deploymentCpu / deliveries, sharedCpu / deliveries, deliveries, baseline.CpuSeconds / baseline.Requests, baseline.Requests, baseline.Process)
            : null;
    }

    public override string ToString() =>
        $"{CpuPerDelivery * 1e6:F0} µs CPU per delivery (every deployment process, until caught up; {Deliveries} deliveries) / " +
        $"{CpuPerLiveRequest * 1e6:F1} µs per /health/live request ({LiveProcess}, {LiveRequests} requests) = {Ratio:F1}x" +
        (SharedCpuPerDelivery > 0 ? $"; with the shared processes' CPU (the broker's, {SharedCpuPerDelivery * 1e6:F0} µs per delivery) {RatioWithShared:F1}x" : "");
}
