using System.Text.Json;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Analytics.Reports;

/// <summary>
/// Engagement and call quality of one meeting (one JaaS sessionId), as <see cref="AnalyticsReportBuilder"/> derives it
/// from the stored facts. Compare two reports with <see cref="ToCanonicalJson"/> (record equality compares lists by reference).
/// </summary>
/// <param name="Fqn">The meeting's <c>appId/room</c>; null when only a statistics file is known of it so far.</param>
/// <param name="RecordingMs">The recordings' total length in ms.</param>
/// <param name="LiveStreamMs">The live streams' total length in ms.</param>
public sealed record AnalyticsReport(
    string SessionId,
    string? Fqn,
    IReadOnlyList<SpeakerTime> Speakers,
    IReadOnlyDictionary<string, int> Reactions,
    IReadOnlyList<PollTally> Polls,
    FeedbackSummary Feedback,
    IReadOnlyList<MediaInterval> Recordings,
    long RecordingMs,
    IReadOnlyList<MediaInterval> LiveStreams,
    long LiveStreamMs,
    IReadOnlyList<CallQuality> Quality)
{
    /// <summary>What JaaS should have sent for the meeting and did not (Gaps/MeetingGapRules), by kind, then by which one.</summary>
    public IReadOnlyList<Gaps.MeetingGap> Gaps { get; init; } = [];

    /// <summary>
    /// The report as compact JSON in the APIs' one setting (<see cref="ApiJson"/>), names in declaration order; two reports
    /// are equal exactly when these strings are.
    /// </summary>
    public string ToCanonicalJson() => JsonSerializer.Serialize(this, ApiJson.Options);
}

/// <summary>How long one participant spoke: keyed by the JWT user id when present, else the JID.</summary>
public sealed record SpeakerTime(string UserId, string? Name, long SpeakingMs);

/// <summary>One poll and, per answer, the number of voters whose latest answer checked it.</summary>
public sealed record PollTally(string PollId, string? Question, IReadOnlyList<PollAnswerTally> Answers);

public sealed record PollAnswerTally(int Key, string? Name, int Votes);

/// <summary>FEEDBACK: <c>count</c> every feedback, <c>rated</c> those with a rating (-1 = not given), the average over those.</summary>
public sealed record FeedbackSummary(int Count, int Rated, double? AverageRating);

/// <summary>A recording or live stream: STARTED paired with the next ENDED by time; a side not received is null (0 ms).</summary>
public sealed record MediaInterval(DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long DurationMs);
