namespace JaasPipeline.Traffic;

/// <summary>What the pipeline should report for one simulated meeting, from the plan the deliveries were made from.</summary>
/// <param name="AttendanceSeconds">By participantId: from each join to its leave, the gaps of reconnects left out.</param>
/// <param name="TranscriptPhrases">Distinct transcript phrases (each has its own messageID).</param>
/// <param name="Reactions">Live reactions sent, by reaction.</param>
public sealed record MeetingExpectation(
    string SessionId,
    string Fqn,
    IReadOnlyDictionary<string, double> AttendanceSeconds,
    int TranscriptPhrases,
    IReadOnlyDictionary<string, int> Reactions);
