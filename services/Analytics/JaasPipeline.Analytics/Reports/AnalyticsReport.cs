using System.Text.Json;

namespace JaasPipeline.Analytics.Reports;

/// <summary>
/// Engagement and call quality of one meeting (one JaaS sessionId), as <see cref="AnalyticsReportBuilder"/> derives it
/// from the stored facts. Compare two reports with <see cref="ToCanonicalJson"/> (record equality compares lists by reference).
/// </summary>
public sealed record AnalyticsReport(
    string SessionId,
    IReadOnlyList<SpeakerTime> Speakers,
    IReadOnlyDictionary<string, int> Reactions,
    IReadOnlyList<PollTally> Polls,
    FeedbackSummary Feedback,
    IReadOnlyList<MediaInterval> Recordings,
    double RecordingSeconds,
    IReadOnlyList<MediaInterval> LiveStreams,
    double LiveStreamSeconds,
    IReadOnlyList<CallQuality> Quality)
{
    /// <summary>camelCase, text as received (only what JSON requires is escaped). Never embed this output in HTML.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as compact JSON; two reports are equal exactly when these strings are.</summary>
    public string ToCanonicalJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>How long one participant spoke: keyed by the JWT user id when present, else the JID.</summary>
public sealed record SpeakerTime(string UserId, string? Name, long SpeakingMs);

/// <summary>One poll and, per answer, the number of voters whose latest answer checked it.</summary>
public sealed record PollTally(string PollId, string? Question, IReadOnlyList<PollAnswerTally> Answers);

public sealed record PollAnswerTally(int Key, string? Name, int Votes);

/// <summary>FEEDBACK: <c>count</c> every feedback, <c>rated</c> those with a rating (-1 = not given), the average over those.</summary>
public sealed record FeedbackSummary(int Count, int Rated, double? AverageRating);

/// <summary>A recording or live stream: STARTED paired with the next ENDED by time; a side not received is null (0 seconds).</summary>
public sealed record MediaInterval(DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double Seconds);
