namespace JaasPipeline.Transcription;

/// <summary>One phrase a search found, with the meeting it belongs to.</summary>
public sealed record TranscriptSearchHit(
    string SessionId, string Fqn, string MessageId, DateTimeOffset Timestamp, string? ParticipantId, string? Name, string? Language, string Text)
{
    public static TranscriptSearchHit From(TranscriptSegment hit) => new(
        hit.SessionId, hit.Fqn, hit.MessageId, hit.Timestamp, hit.ParticipantId, hit.Name, hit.Language, hit.DisplayText);
}
