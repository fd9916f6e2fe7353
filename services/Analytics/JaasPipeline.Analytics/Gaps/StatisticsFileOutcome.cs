namespace JaasPipeline.Analytics.Gaps;

/// <summary>Where a meeting's statistics file stands in <c>analytics_call_quality</c>: its status (pending, done, limited, missing, failed) and error.</summary>
public sealed record StatisticsFileOutcome
{
    /// <summary>Of the RTCSTATS_UPLOADED event.</summary>
    public string IdempotencyKey { get; init; } = "";

    public string ArtifactId { get; init; } = "";

    public string? ParticipantId { get; init; }

    public string? ParticipantName { get; init; }

    public string Status { get; init; } = "";

    public string? Error { get; init; }
}
