namespace JaasPipeline.Attendance.Tests;

/// <summary>
/// One meeting as JaaS would deliver it, seconds after its start (t0):
/// alice reconnects (left "unknown" at 70, back at 80), moves to breakout b1 (joined b1 at 199 before leaving main at 200),
/// comes back to main at 401 and never sends LEFT (closed by the main ROOM_DESTROYED at 600);
/// bob waits in the lobby 20–50 and is admitted, then stays 50–300; carol waits 30–90 and is refused (kicked);
/// a phone participant dials in 120–420; bob grants moderator rights to alice at 150; b1 exists 100–450.
/// </summary>
public static class MeetingScenario
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    /// <summary>The deliveries of the meeting in chronological order, each with its own idempotency key.</summary>
    public static IReadOnlyList<string> Deliveries(string sessionId) =>
    [
        Event(sessionId, "ROOM_CREATED", 0, """{"conference":"room@conference"}"""),
        Event(sessionId, "PARTICIPANT_JOINED", 10, Alice()),
        Event(sessionId, "PARTICIPANT_JOINED_LOBBY", 20, Bob()),
        Event(sessionId, "PARTICIPANT_JOINED_LOBBY", 30, Carol()),
        Event(sessionId, "PARTICIPANT_LEFT_LOBBY", 50, Bob(""","disconnectReason":"left" """)),
        Event(sessionId, "PARTICIPANT_JOINED", 50, Bob()),
        Event(sessionId, "PARTICIPANT_LEFT", 70, Alice(""","disconnectReason":"unknown" """)),
        Event(sessionId, "PARTICIPANT_JOINED", 80, Alice()),
        Event(sessionId, "PARTICIPANT_LEFT_LOBBY", 90, Carol(""","disconnectReason":"kicked" """)),
        Event(sessionId, "ROOM_CREATED", 100, Breakout()),
        Event(sessionId, "DIAL_IN_STARTED", 120, """{"direction":"in","nick":"40364630871 (+40364630871)","participantJid":"d1@8x8.vc","participantId":"d1"}"""),
        Event(sessionId, "ROLE_CHANGED", 150, """{"role":"moderator","grantedTo":{"participantJid":"alice@8x8.vc/res1"},"grantedBy":{"participantJid":"bob@8x8.vc/res2"}}"""),
        Event(sessionId, "PARTICIPANT_JOINED", 199, Alice(Breakout: true)),
        Event(sessionId, "PARTICIPANT_LEFT", 200, Alice(""","disconnectReason":"switch_room" """)),
        Event(sessionId, "PARTICIPANT_LEFT", 300, Bob(""","disconnectReason":"left" """)),
        Event(sessionId, "PARTICIPANT_LEFT", 400, Alice(""","disconnectReason":"switch_room" """, Breakout: true)),
        Event(sessionId, "PARTICIPANT_JOINED", 401, Alice()),
        Event(sessionId, "DIAL_IN_ENDED", 420, """{"participantJid":"d1@8x8.vc","participantId":"d1"}"""),
        Event(sessionId, "ROOM_DESTROYED", 450, Breakout()),
        Event(sessionId, "ROOM_DESTROYED", 600, """{"conference":"room@conference"}"""),
    ];

    private static string Alice(string extra = "", bool Breakout = false) =>
        Participant("alice", "Alicia \"Al\" O'Neil; DROP TABLE attendance_facts;--", "false", extra, Breakout);

    private static string Bob(string extra = "") => Participant("bob", "Bøb Ünïcødé 🎉", "true", extra, false);

    // Control characters, as JSON lets a sender put them in a name: NUL and a terminal escape sequence.
    private static string Carol(string extra = "") => Participant("carol", "Car\u0000ol\u001B[31m", "false", extra, false);

    private static string Participant(string id, string name, string moderator, string extra, bool breakout) =>
        $$$"""{"moderator":"{{{moderator}}}","name":{{{System.Text.Json.JsonSerializer.Serialize(name)}}},"email":"{{{id}}}@example.com","id":"user-{{{id}}}","participantJid":"{{{id}}}@8x8.vc","participantId":"p-{{{id}}}"{{{(breakout ? ""","isBreakout":true,"breakoutRoomId":"b1" """ : "")}}}{{{extra}}}}""";

    private static string Breakout() => """{"conference":"b1@conference","isBreakout":true,"breakoutRoomId":"b1"}""";

    private static string Event(string sessionId, string eventType, int seconds, string data) =>
        $$$"""{"idempotencyKey":"{{{sessionId}}}-{{{eventType}}}-{{{seconds}}}","customerId":"c1","eventType":"{{{eventType}}}","sessionId":"{{{sessionId}}}","timestamp":{{{T0.AddSeconds(seconds).ToUnixTimeMilliseconds()}}},"fqn":"vpaas-magic-cookie-c1/standup","data":{{{data}}}}""";
}
