using System.Globalization;
using JaasPipeline.Attendance.Reports;

namespace JaasPipeline.Attendance.Tests;

/// <summary>Attendance facts of one test meeting, timed in seconds after <see cref="MeetingStart"/>.</summary>
internal static class Facts
{
    public const string SessionId = "c3348153-1027-4382-afad-5ae91b433c26";
    public const string Fqn = "vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c/testroom2";
    public const string Main = AttendanceFact.MainRoom;

    public static readonly DateTimeOffset MeetingStart = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => MeetingStart.AddMilliseconds(Math.Round(seconds * 1000));

    public static AttendanceFact RoomCreated(double at, string room = Main) => Fact(AttendanceFactKind.RoomCreated, at, room, null);

    public static AttendanceFact RoomDestroyed(double at, string room = Main) => Fact(AttendanceFactKind.RoomDestroyed, at, room, null);

    public static AttendanceFact Joined(string participant, double at, string room = Main) =>
        Fact(AttendanceFactKind.Joined, at, room, participant) with { ParticipantKind = ParticipantKinds.Web };

    public static AttendanceFact Left(string participant, double at, string disconnectReason = "left", string room = Main) =>
        Fact(AttendanceFactKind.Left, at, room, participant) with
        {
            ParticipantKind = ParticipantKinds.Web,
            DisconnectReason = disconnectReason,
        };

    public static AttendanceFact LobbyJoined(string participant, double at) =>
        Fact(AttendanceFactKind.LobbyJoined, at, Main, participant) with { ParticipantKind = ParticipantKinds.Web };

    public static AttendanceFact LobbyLeft(string participant, double at, string disconnectReason = "left") =>
        Fact(AttendanceFactKind.LobbyLeft, at, Main, participant) with
        {
            ParticipantKind = ParticipantKinds.Web,
            DisconnectReason = disconnectReason,
        };

    public static AttendanceFact CallStarted(string participant, double at, string kind, string? nick = null) =>
        Fact(AttendanceFactKind.CallStarted, at, Main, participant) with { ParticipantKind = kind, Name = nick };

    public static AttendanceFact CallEnded(string participant, double at, string kind) =>
        Fact(AttendanceFactKind.CallEnded, at, Main, participant) with { ParticipantKind = kind };

    /// <summary>A ROLE_CHANGED fact: it carries JIDs only, so its participant key is the bare JID of grantedTo.</summary>
    public static AttendanceFact ModeratorGranted(string grantedToJid, string grantedByJid, double at) =>
        Fact(AttendanceFactKind.ModeratorGranted, at, Main, AttendanceFact.BareJid(grantedToJid)) with
        {
            ParticipantJid = AttendanceFact.BareJid(grantedToJid),
            GrantedByKey = AttendanceFact.BareJid(grantedByJid),
        };

    public static AttendanceReport Build(params AttendanceFact[] facts) =>
        AttendanceReportBuilder.Build(SessionId, facts) ?? throw new AssertionException("Expected a report.");

    public static ParticipantAttendance Participant(this AttendanceReport report, string participantId) =>
        report.Participants.Single(participant => participant.ParticipantId == participantId);

    // One key per distinct event, so two different facts never collide and the same fact always repeats its key.
    private static AttendanceFact Fact(AttendanceFactKind kind, double at, string room, string? participant) => new()
    {
        IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"{kind}|{room}|{participant}|{at}"),
        SessionId = SessionId,
        Fqn = Fqn,
        OccurredAt = At(at),
        Kind = kind,
        Room = room,
        ParticipantKey = participant,
    };
}
