namespace JaasPipeline.Attendance.Reports;

/// <summary>How a participant took part: the values of <see cref="AttendanceFact.ParticipantKind"/>.</summary>
public static class ParticipantKinds
{
    /// <summary>Joined through a browser or app (PARTICIPANT_JOINED / _LEFT, the lobby events).</summary>
    public const string Web = "web";

    /// <summary>A SIP call (SIP_CALL_IN_* / SIP_CALL_OUT_*).</summary>
    public const string Sip = "sip";

    /// <summary>A phone call (DIAL_IN_* / DIAL_OUT_*).</summary>
    public const string Dial = "dial";
}
