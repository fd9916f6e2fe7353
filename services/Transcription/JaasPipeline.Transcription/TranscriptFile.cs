namespace JaasPipeline.Transcription;

/// <summary>
/// The transcription file JaaS uploaded when the meeting ended, as the media-artifacts service stored it
/// (<c>ArtifactStored</c> of kind <c>transcription</c>). Its format is not documented: only its metadata is kept.
/// </summary>
public sealed record TranscriptFile
{
    public string ArtifactId { get; init; } = "";
    public string SessionId { get; init; } = "";
    public string Fqn { get; init; } = "";

    /// <summary>The artifact store's relative key of the file.</summary>
    public string StoragePath { get; init; } = "";

    public string Sha256 { get; init; } = "";
    public long Bytes { get; init; }
    public string? FileName { get; init; }
    public string? ContentType { get; init; }

    /// <summary>TRANSCRIPTION_UPLOADED's timestamp.</summary>
    public DateTimeOffset EventTimestamp { get; init; }

    /// <summary>When the media-artifacts service announced the stored file (the message's sent time).</summary>
    public DateTimeOffset StoredAt { get; init; }
}
