using System.Diagnostics.Metrics;

namespace JaasPipeline.Analytics;

/// <summary>Counters of the analytics service (meter <c>JaasPipeline.Analytics</c>, exported on <c>/metrics</c>).</summary>
public static class AnalyticsMetrics
{
    public const string MeterName = "JaasPipeline.Analytics";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Statistics files the call-quality worker finished with, tagged <c>outcome</c>: done, limited (a limit cut the reading short), missing, failed, retry.</summary>
    public static readonly Counter<long> StatisticsFiles =
        Meter.CreateCounter<long>("jaas_analytics_statistics_files", description: "Statistics files read by the call-quality worker, by outcome");

    /// <summary>Malformed lines skipped in statistics files.</summary>
    public static readonly Counter<long> MalformedLines =
        Meter.CreateCounter<long>("jaas_analytics_statistics_malformed_lines", description: "Lines of statistics files that were not a well-formed entry (skipped)");
}
