namespace JaasPipeline.Transcription;

/// <summary>A transcription file JaaS uploaded, as the read API answers it: where media-artifacts stored it, and what it is.</summary>
public sealed record TranscriptFileSummary(
    string ArtifactId, string StoragePath, string Sha256, long SizeBytes, string? FileName, string? ContentType,
    DateTimeOffset EventTimestamp, DateTimeOffset StoredAt)
{
    public static TranscriptFileSummary From(TranscriptFile file) => new(
        file.ArtifactId, file.StoragePath, file.Sha256, file.Bytes, file.FileName, file.ContentType, file.EventTimestamp, file.StoredAt);
}
