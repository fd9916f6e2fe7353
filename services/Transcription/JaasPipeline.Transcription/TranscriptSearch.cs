namespace JaasPipeline.Transcription;

/// <summary>What a search asks for: a phrase, optionally one fqn and a time window, one page of the newest matches.</summary>
public sealed record TranscriptSearch(string Phrase, string? Fqn, DateTimeOffset? From, DateTimeOffset? To, int Offset, int Limit);
