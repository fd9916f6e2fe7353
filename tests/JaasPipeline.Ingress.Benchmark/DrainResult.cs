namespace JaasPipeline.Ingress.Benchmark;

/// <summary>The last scrape, and when the drain was seen complete (a Stopwatch timestamp), or null if it was not.</summary>
internal sealed record DrainResult(MetricsScrape Last, long? DrainedAt);
