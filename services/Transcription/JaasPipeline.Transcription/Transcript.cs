namespace JaasPipeline.Transcription;

/// <summary>One meeting's transcript: its phrases in spoken order (timestamp, then messageID) and its uploaded files.</summary>
public sealed record Transcript(string SessionId, string Fqn, IReadOnlyList<TranscriptSegment> Segments, IReadOnlyList<TranscriptFile> Files);
