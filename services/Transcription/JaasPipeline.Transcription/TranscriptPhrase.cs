namespace JaasPipeline.Transcription;

/// <summary>One phrase of a transcript as the read API answers it (the text trimmed).</summary>
public sealed record TranscriptPhrase(
    string MessageId, DateTimeOffset Timestamp, string? ParticipantId, string? Name, string? UserId, string? Email, string? Language, string Text)
{
    public static TranscriptPhrase From(TranscriptSegment segment) => new(
        segment.MessageId, segment.Timestamp, segment.ParticipantId, segment.Name, segment.UserId, segment.Email, segment.Language,
        segment.DisplayText);
}
