namespace JaasPipeline.Benchmark;

/// <summary>Latency percentiles in milliseconds over <see cref="Count"/> samples (NaN when there are none).</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public override string ToString() =>
        Count == 0 ? "no samples" : $"p50 {P50:F1}  p90 {P90:F1}  p99 {P99:F1}  max {Max:F1}  ({Count} samples)";
}
