namespace JaasPipeline.Transcription;

/// <summary>What a search asks for: a phrase, optionally one fqn and a time window, one page of the newest matches.</summary>
/// <param name="After">The previous page's last hit (its timestamp in Unix ms and row id); null on the first page.</param>
/// <param name="Limit">Rows to read.</param>
public sealed record TranscriptSearch(
    string Phrase, string? Fqn, DateTimeOffset? From, DateTimeOffset? To, (long Timestamp, long Id)? After, int Limit);
