namespace JaasPipeline.Traffic;

/// <summary>What the pipeline should report for one simulated meeting, from the plan the deliveries were made from.</summary>
/// <param name="AttendanceSeconds">
/// By participantId, phone callers included: the union of each one's stays in the main room and breakout rooms, the gaps
/// of reconnects left out.
/// </param>
/// <param name="TranscriptPhrases">Distinct transcript phrases (each has its own messageID).</param>
/// <param name="Reactions">Live reactions sent, by reaction.</param>
/// <param name="SpeakingMs">SPEAKER_STATS speaking time, by JWT user id.</param>
/// <param name="PollVotes">By pollId, the voters who checked each answer key (each voter answers once).</param>
/// <param name="Feedback">FEEDBACK sent: how many, how many rated (not -1), and their mean rating.</param>
/// <param name="RecordingSeconds">From RECORDING_STARTED to RECORDING_ENDED, 0 without a recording.</param>
/// <param name="Files">Files the media-artifacts service should have stored (only when the simulator serves files).</param>
/// <param name="QualityReports">Statistics files the analytics service should have summarized.</param>
public sealed record MeetingExpectation(
    string SessionId,
    string Fqn,
    IReadOnlyDictionary<string, double> AttendanceSeconds,
    int TranscriptPhrases,
    IReadOnlyDictionary<string, int> Reactions,
    IReadOnlyDictionary<string, long> SpeakingMs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<int, int>> PollVotes,
    FeedbackExpectation Feedback,
    double RecordingSeconds,
    IReadOnlyList<ExpectedFile> Files,
    int QualityReports);

/// <summary>The analytics service's <c>feedback</c> figures for one meeting.</summary>
public sealed record FeedbackExpectation(int Count, int Rated, double? AverageRating);
