namespace JaasPipeline.Ingress.Benchmark;

/// <summary>Latency percentiles in milliseconds over <see cref="Count"/> requests.</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max);
