namespace JaasPipeline.Contracts;

/// <summary>The meeting's transcription file is ready for download (TRANSCRIPTION_UPLOADED).</summary>
public sealed record TranscriptionUploaded : JaasEvent
{
    /// <summary>Download URL of the transcription file; docs/jaas-reference.md, Download links: valid for 24 hours.</summary>
    public string? PreAuthenticatedLink { get; init; }
}
