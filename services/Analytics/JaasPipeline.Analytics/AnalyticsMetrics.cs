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
        // Exported with the _total suffix of a counter: jaas_meeting_gaps_total{kind}, jaas_meeting_gaps_filled_total{kind}.
        MeetingGaps = meter.CreateCounter<long>("jaas_meeting_gaps", description: "Gaps of meetings detected (what JaaS should have sent and did not), by kind");
        MeetingGapsFilled = meter.CreateCounter<long>("jaas_meeting_gaps_filled", description: "Detected gaps that a late event filled afterwards, by kind");
    }

    /// <summary>Statistics files the call-quality worker finished with, tagged <c>outcome</c>: done, limited (a limit cut the reading short), missing, failed, retry.</summary>
    public Counter<long> StatisticsFiles { get; }

    /// <summary>Malformed lines skipped in statistics files.</summary>
    public Counter<long> MalformedLines { get; }

    /// <summary>Gaps detected, tagged <c>kind</c> (Gaps/GapKinds): each counted once, when first found.</summary>
    public Counter<long> MeetingGaps { get; }

    /// <summary>Detected gaps that disappeared because a late event filled them, tagged <c>kind</c>.</summary>
    public Counter<long> MeetingGapsFilled { get; }
}
