using System.Text.Json;
using JaasPipeline.ServiceDefaults;

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
    /// The report as compact JSON in the APIs' one setting (<see cref="ApiJson"/>): camelCase names in declaration order,
    /// times RFC 3339 UTC to the millisecond, names as typed. Two reports are equal exactly when these strings are.
    /// </summary>
    public string ToCanonicalJson() => JsonSerializer.Serialize(this, ApiJson.Options);
}
