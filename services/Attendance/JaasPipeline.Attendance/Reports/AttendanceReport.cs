using System.Text.Json;

namespace JaasPipeline.Attendance.Reports;

/// <summary>
/// The attendance of one meeting (one JaaS sessionId), as <see cref="AttendanceReportBuilder"/> derives it.
/// Record equality compares the lists by reference: compare two reports with <see cref="ToCanonicalJson"/>.
/// </summary>
/// <param name="StartedAt">The main room's ROOM_CREATED; null if not received.</param>
/// <param name="EndedAt">The main room's ROOM_DESTROYED; null while the meeting runs or if not received.</param>
public sealed record AttendanceReport(
    string SessionId,
    string Fqn,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<ParticipantAttendance> Participants,
    IReadOnlyList<BreakoutRoom> BreakoutRooms,
    IReadOnlyList<ModeratorGrant> ModeratorGrants)
{
    /// <summary>
    /// camelCase, times as ISO-8601 UTC to the millisecond, and text as received: only what JSON requires is escaped
    /// (the relaxed encoder), so names read the same in the JSON as they were typed. Never embed this output in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcTimestampJsonConverter() },
    };

    /// <summary>
    /// The report as compact JSON: camelCase names in declaration order, times as ISO-8601 UTC to the millisecond.
    /// Two reports are equal exactly when these strings are.
    /// </summary>
    public string ToCanonicalJson() => JsonSerializer.Serialize(this, JsonOptions);
}
