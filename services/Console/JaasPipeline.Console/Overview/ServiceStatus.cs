using JaasPipeline.Console.Services;

namespace JaasPipeline.Console.Overview;

/// <summary>What the overview shows of one host: its readiness, its error queues (null for a host without a consumer queue: the ingress) and the figures of its scrape.</summary>
public sealed record ServiceStatus(
    IReadOnlyList<PipelineService> Services,
    Uri BaseUrl,
    ApiAnswer Readiness,
    ApiAnswer? ErrorQueues,
    IReadOnlyList<MetricLine> Metrics,
    bool MetricsRead);
