using JaasPipeline.Attendance.Reports;
using JaasPipeline.Contracts;

namespace JaasPipeline.Attendance;

/// <summary>Turns each JaaS event attendance reads into the one fact it stores (values exactly as received).</summary>
public static class AttendanceFacts
{
    public static AttendanceFact Room(RoomCreated created) =>
        Base(created, AttendanceFactKind.RoomCreated, RoomOf(created.IsBreakout, created.BreakoutRoomId));

    public static AttendanceFact Room(RoomDestroyed destroyed) =>
        Base(destroyed, AttendanceFactKind.RoomDestroyed, RoomOf(destroyed.IsBreakout, destroyed.BreakoutRoomId));

    public static AttendanceFact Presence(ParticipantEvent participant, AttendanceFactKind kind, string? disconnectReason = null) =>
        Base(participant, kind, RoomOf(participant.IsBreakout, participant.BreakoutRoomId)) with
        {
            ParticipantKey = ParticipantKey(participant.ParticipantId, participant.ParticipantJid),
            ParticipantKind = ParticipantKinds.Web,
            ParticipantJid = AttendanceFact.BareJid(participant.ParticipantJid),
            Name = participant.Name,
            Email = participant.Email,
            UserId = participant.UserId,
            Moderator = participant.Moderator,
            DisconnectReason = disconnectReason,
        };

    /// <summary>SIP and dial participants are in the main room from their call's start to its end.</summary>
    public static AttendanceFact Call(
        JaasEvent call, AttendanceFactKind kind, string participantKind, string? participantId, string? participantJid, string? nick = null) =>
        Base(call, kind, AttendanceFact.MainRoom) with
        {
            ParticipantKey = ParticipantKey(participantId, participantJid),
            ParticipantKind = participantKind,
            ParticipantJid = AttendanceFact.BareJid(participantJid),
            Name = nick,
        };

    public static AttendanceFact Grant(RoleChanged changed) =>
        Base(changed, AttendanceFactKind.ModeratorGranted, AttendanceFact.MainRoom) with
        {
            ParticipantKey = AttendanceFact.BareJid(changed.GrantedTo?.ParticipantJid),
            ParticipantJid = AttendanceFact.BareJid(changed.GrantedTo?.ParticipantJid),
            GrantedByKey = AttendanceFact.BareJid(changed.GrantedBy?.ParticipantJid),
        };

    private static AttendanceFact Base(JaasEvent jaasEvent, AttendanceFactKind kind, string room) => new()
    {
        IdempotencyKey = jaasEvent.IdempotencyKey,
        SessionId = jaasEvent.SessionId,
        Fqn = jaasEvent.Fqn,
        OccurredAt = jaasEvent.Timestamp,
        Kind = kind,
        Room = room,
    };

    // A breakout room shares the meeting's sessionId; its events say which room they happened in.
    private static string RoomOf(bool? isBreakout, string? breakoutRoomId) =>
        isBreakout == true && !string.IsNullOrEmpty(breakoutRoomId) ? breakoutRoomId : AttendanceFact.MainRoom;

    // The reference: participantId is the id used across the whole infrastructure; the JID is the fallback.
    private static string? ParticipantKey(string? participantId, string? participantJid) =>
        string.IsNullOrEmpty(participantId) ? AttendanceFact.BareJid(participantJid) : participantId;
}
