namespace JaasPipeline.Contracts;

/// <summary>A recording is ready for download (RECORDING_UPLOADED).</summary>
public sealed record RecordingUploaded : JaasEvent
{
    /// <summary>Who was in the meeting when the recording was uploaded.</summary>
    public IReadOnlyList<RecordingParticipant> Participants { get; init; } = [];

    /// <summary>Download URL of the recording; docs/jaas-reference.md, Download links: valid for 24 hours.</summary>
    public string? PreAuthenticatedLink { get; init; }

    /// <summary>Whether the recording is shared.</summary>
    public bool? Share { get; init; }

    /// <summary>The <c>id</c> of whoever started the recording.</summary>
    public string? InitiatorId { get; init; }

    /// <summary>Length of the recording in seconds.</summary>
    public long? DurationSec { get; init; }

    /// <summary>When the recording started.</summary>
    public DateTimeOffset? StartTimestamp { get; init; }

    /// <summary>When the recording ended.</summary>
    public DateTimeOffset? EndTimestamp { get; init; }

    /// <summary>Identifies the recording session.</summary>
    public string? RecordingSessionId { get; init; }
}
