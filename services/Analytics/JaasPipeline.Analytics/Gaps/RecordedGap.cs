namespace JaasPipeline.Analytics.Gaps;

/// <summary>A row of <c>analytics_meeting_gaps</c>: a gap found so far (times Unix ms; detail JSON).</summary>
public sealed record RecordedGap
{
    public string SessionId { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Subject { get; init; } = "";

    public string Detail { get; init; } = "";

    public long DetectedAt { get; init; }
}
