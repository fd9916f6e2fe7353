namespace JaasPipeline.Analytics.Gaps;

/// <summary>An artifact the media-artifacts service lost (<c>analytics_lost_artifacts</c>; times Unix ms).</summary>
public sealed record LostArtifact
{
    public string ArtifactId { get; init; } = "";

    public string Kind { get; init; } = "";

    public string EventType { get; init; } = "";

    public long EventTimestamp { get; init; }

    public long LinkExpiresAt { get; init; }

    public string Reason { get; init; } = "";
}
