namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// The evidence of a gap (the API's <c>detail</c>): the event that shows it, the one that did not come, when its window
/// closed, and whom or what it concerns. Fields a kind has no use for are null, so every gap has the same fields.
/// </summary>
/// <param name="Summary">The gap in one sentence.</param>
/// <param name="EvidenceEvent">The event (eventType) that shows the gap, e.g. RECORDING_ENDED.</param>
/// <param name="EvidenceAt">That event's own timestamp.</param>
/// <param name="MissingEvent">The event that did not come, e.g. RECORDING_UPLOADED; null for a lost artifact or unreadable statistics.</param>
/// <param name="WindowEndedAt">When the wait for <paramref name="MissingEvent"/> ended (the evidence's time plus the kind's window).</param>
/// <param name="ParticipantId">The participant concerned (participantId, else participantJid, else the JWT id).</param>
/// <param name="ParticipantName">That participant's name, as the event gave it.</param>
/// <param name="ArtifactId">The artifact concerned (the media-artifacts read API's <c>artifactId</c>).</param>
/// <param name="ArtifactKind">Its kind (recording, transcription, rtcstats, …).</param>
/// <param name="Reason">Why the file was lost or could not be read.</param>
public sealed record GapDetail(
    string Summary,
    string? EvidenceEvent,
    DateTimeOffset? EvidenceAt,
    string? MissingEvent,
    DateTimeOffset? WindowEndedAt,
    string? ParticipantId,
    string? ParticipantName,
    string? ArtifactId,
    string? ArtifactKind,
    string? Reason);
