using System.Diagnostics.Metrics;

namespace JaasPipeline.Analytics;

/// <summary>Counters of the analytics service (meter <c>JaasPipeline.Analytics</c>, exported on <c>/metrics</c>).</summary>
public sealed class AnalyticsMetrics
{
    public const string MeterName = "JaasPipeline.Analytics";

    public AnalyticsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        StatisticsFiles = meter.CreateCounter<long>("jaas_analytics_statistics_files", description: "Statistics files read by the call-quality worker, by outcome");
        MalformedLines = meter.CreateCounter<long>("jaas_analytics_statistics_malformed_lines", description: "Lines of statistics files that were not a well-formed entry (skipped)");
    }

    /// <summary>Statistics files the call-quality worker finished with, tagged <c>outcome</c>: done, limited (a limit cut the reading short), missing, failed, retry.</summary>
    public Counter<long> StatisticsFiles { get; }

    /// <summary>Malformed lines skipped in statistics files.</summary>
    public Counter<long> MalformedLines { get; }
}
