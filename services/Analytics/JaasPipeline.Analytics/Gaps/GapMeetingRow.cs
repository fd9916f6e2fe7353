namespace JaasPipeline.Analytics.Gaps;

/// <summary>A meeting with gaps as the list's first query finds it (its fqn from the journal; null if it has none).</summary>
public sealed record GapMeetingRow
{
    public string SessionId { get; init; } = "";

    public string? Fqn { get; init; }

    public long LastDetectedAt { get; init; }
}
