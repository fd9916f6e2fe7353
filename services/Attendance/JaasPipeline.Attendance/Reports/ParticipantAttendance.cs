namespace JaasPipeline.Attendance.Reports;

/// <summary>One participant's attendance: who they are, how long they waited and stayed, and every stint and wait.</summary>
/// <param name="ParticipantId">The participantId, else the bare JID.</param>
/// <param name="Kind">One of <see cref="ParticipantKinds"/>.</param>
/// <param name="LobbyMs">The sum of the closed lobby waits, in milliseconds.</param>
/// <param name="AttendedMs">The length of the union of the closed stints, across rooms, in milliseconds.</param>
public sealed record ParticipantAttendance(
    string ParticipantId,
    string? Name,
    string? Email,
    string? UserId,
    string? Kind,
    bool Moderator,
    long LobbyMs,
    long AttendedMs,
    IReadOnlyList<Stint> Stints,
    IReadOnlyList<LobbyWait> LobbyWaits);
