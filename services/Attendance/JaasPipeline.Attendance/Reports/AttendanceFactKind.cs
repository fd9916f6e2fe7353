namespace JaasPipeline.Attendance.Reports;

/// <summary>What a stored attendance fact records; one kind per JaaS event type (or pair of them) that attendance reads.</summary>
public enum AttendanceFactKind
{
    /// <summary>ROOM_CREATED: the main room or one breakout room was created.</summary>
    RoomCreated = 1,

    /// <summary>ROOM_DESTROYED: the main room or one breakout room was destroyed.</summary>
    RoomDestroyed = 2,

    /// <summary>PARTICIPANT_JOINED.</summary>
    Joined = 3,

    /// <summary>PARTICIPANT_LEFT.</summary>
    Left = 4,

    /// <summary>PARTICIPANT_JOINED_LOBBY.</summary>
    LobbyJoined = 5,

    /// <summary>PARTICIPANT_LEFT_LOBBY.</summary>
    LobbyLeft = 6,

    /// <summary>SIP_CALL_IN_STARTED, SIP_CALL_OUT_STARTED, DIAL_IN_STARTED or DIAL_OUT_STARTED.</summary>
    CallStarted = 7,

    /// <summary>SIP_CALL_IN_ENDED, SIP_CALL_OUT_ENDED, DIAL_IN_ENDED or DIAL_OUT_ENDED.</summary>
    CallEnded = 8,

    /// <summary>ROLE_CHANGED: a participant was given moderator rights.</summary>
    ModeratorGranted = 9,
}
