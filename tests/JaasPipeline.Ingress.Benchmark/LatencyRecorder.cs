using System.Diagnostics;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>Collects request latencies (Stopwatch ticks) from many tasks at once and reports percentiles in ms.</summary>
internal sealed class LatencyRecorder
{
    // A lock costs far less than the HTTP round trip it guards, and keeps the recorder free of sizing guesses.
    private readonly Lock gate = new();
    private readonly List<long> ticks = [];

    public void Record(long elapsedTicks)
    {
        lock (gate)
        {
            ticks.Add(elapsedTicks);
        }
    }

    /// <summary>Nearest-rank percentiles of what has been recorded so far.</summary>
    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (gate)
        {
            sorted = [.. ticks];
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), Percentile(sorted, 1.0));
    }

    private static double Percentile(long[] sorted, double fraction)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
