using System.Diagnostics;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>The figures of one run as plain text, ending with the goal checks.</summary>
internal sealed class BenchmarkReport(
    BenchmarkSettings settings, LoadResult result, LatencySummary webhook, LivenessProbe probe, MetricsScrape start, DrainResult drain)
{
    // The ingress's goals: sustained intake, tail latency, and a webhook that costs little more than a no-op endpoint.
    private const double AcceptedPerSecondGoal = 5_000;
    private const double P99GoalMs = 20;
    private const double P99OverLiveGoal = 2;

    public void Print(TextWriter output)
    {
        var live = probe.Latencies.Summarize();
        var acceptedPerSecond = result.Accepted / result.Elapsed.TotalSeconds;
        var ratio = webhook.P99 / live.P99;

        output.WriteLine($"Deliveries:  {settings.Deliveries} ({settings.Concurrency} concurrent, {settings.Warmup} warm-up not counted)");
        output.WriteLine($"Elapsed:     {result.Elapsed.TotalSeconds:F2} s");
        output.WriteLine($"Accepted/s:  {acceptedPerSecond:F0} ({result.Accepted} accepted)");
        output.WriteLine($"Failures:    {Failures()}");
        output.WriteLine($"Webhook ms:  p50 {webhook.P50:F2}  p90 {webhook.P90:F2}  p99 {webhook.P99:F2}  max {webhook.Max:F2}");
        output.WriteLine($"Live ms:     p50 {live.P50:F2}  p99 {live.P99:F2}  ({live.Count} probes of /health/live, {probe.Failures} failed)");
        output.WriteLine($"p99 ratio:   webhook / live = {ratio:F2}");
        output.WriteLine($"Drain:       {Drain()}");
        output.WriteLine($">= {AcceptedPerSecondGoal:F0} accepted/s: {Verdict(acceptedPerSecond >= AcceptedPerSecondGoal)}");
        output.WriteLine($"p99 < {P99GoalMs:F0} ms: {Verdict(webhook.P99 < P99GoalMs)}");
        output.WriteLine($"webhook p99 <= {P99OverLiveGoal:F0}x /health/live p99: {Verdict(ratio <= P99OverLiveGoal)}");
    }

    private string Failures() =>
        result.FailureCount == 0
            ? "none"
            : string.Join(", ", result.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value} x {f.Key}"));

    private string Drain()
    {
        var published = drain.Last.Published - start.Published;
        if (drain.DrainedAt is not { } drainedAt)
        {
            return $"NOT drained within the deadline: backlog {drain.Last.Backlog:F0}, {published:F0} published since the first send";
        }

        var sinceFirstSend = Stopwatch.GetElapsedTime(result.FirstSend, drainedAt);
        var lag = result.Accepted == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(result.LastAccept, drainedAt);
        return $"{published:F0} published in {sinceFirstSend.TotalSeconds:F2} s from the first send = {published / sinceFirstSend.TotalSeconds:F0}/s; " +
               $"backlog 0 seen {lag.TotalSeconds:F2} s after the last accept (metrics resolution ~0.4 s)";
    }

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";
}
