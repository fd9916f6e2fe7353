namespace JaasPipeline.Benchmark;

/// <summary>Collects latencies in milliseconds from many tasks at once and reports nearest-rank percentiles.</summary>
internal sealed class LatencyRecorder
{
    // A lock costs far less than the HTTP round trip it guards, and keeps the recorder free of sizing guesses.
    private readonly Lock gate = new();
    private readonly List<double> milliseconds = [];

    public void Record(double elapsedMilliseconds)
    {
        lock (gate)
        {
            milliseconds.Add(elapsedMilliseconds);
        }
    }

    public void Record(TimeSpan elapsed) => Record(elapsed.TotalMilliseconds);

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (gate)
        {
            sorted = [.. milliseconds];
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), Percentile(sorted, 1.0));
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
