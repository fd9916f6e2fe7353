using JaasPipeline.Console.Services;

namespace JaasPipeline.Console.Overview;

/// <summary>What the overview shows of one host: its readiness, its error queues and the figures of its scrape.</summary>
public sealed record ServiceStatus(
    IReadOnlyList<PipelineService> Services,
    Uri BaseUrl,
    ApiAnswer Readiness,
    ApiAnswer ErrorQueues,
    IReadOnlyList<MetricLine> Metrics,
    bool MetricsRead);
