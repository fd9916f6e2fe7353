namespace JaasPipeline.Transcription;

/// <summary>One meeting's transcript as the read API answers it: its phrases in spoken order and its uploaded files.</summary>
public sealed record TranscriptDocument(
    string SessionId, string Fqn, IReadOnlyList<TranscriptPhrase> Segments, IReadOnlyList<TranscriptFileSummary> Files);
