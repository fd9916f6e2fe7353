namespace JaasPipeline.Contracts;

/// <summary>A 90-second segment of a recording is ready, after RECORDING_UPLOADED (VIDEO_SEGMENT_UPLOADED).</summary>
public sealed record VideoSegmentUploaded : JaasEvent
{
    /// <summary>Download URL of the segment; docs/jaas-reference.md, Download links: valid for 24 hours.</summary>
    public string? PreAuthenticatedLink { get; init; }

    /// <summary>When <see cref="PreAuthenticatedLink"/> expires (sent in Unix milliseconds).</summary>
    public DateTimeOffset? LinkExpiration { get; init; }

    /// <summary>Where the segment starts.</summary>
    public DateTimeOffset? StartTimestamp { get; init; }

    /// <summary>Where the segment ends.</summary>
    public DateTimeOffset? EndTimestamp { get; init; }

    /// <summary>Identifies the recording session.</summary>
    public string? RecordingSessionId { get; init; }
}
