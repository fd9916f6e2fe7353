namespace JaasPipeline.Analytics.Gaps;

/// <summary>A meeting the gap worker must evaluate, and the version of its events it was due at.</summary>
public sealed record DueMeeting
{
    public string SessionId { get; init; } = "";

    public long Version { get; init; }
}
