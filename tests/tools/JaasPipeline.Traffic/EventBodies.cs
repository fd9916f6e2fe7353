using System.Text;

namespace JaasPipeline.Traffic;

/// <summary>
/// The <c>data</c> of each event type a meeting produces, shaped like the JaaS reference examples (same fields, same
/// nesting), and the envelope around it. Every value is generated here (ASCII, no quotes), so plain templates are safe.
/// </summary>
public static class EventBodies
{
    private const string Avatar = "https://link.to/user/avatar/picture";

    public static byte[] Envelope(MeetingHeader meeting, string idempotencyKey, string eventType, long timestamp, string data) =>
        Encoding.UTF8.GetBytes(
            $$"""{"idempotencyKey":"{{idempotencyKey}}","customerId":"{{meeting.CustomerId}}","appId":"{{meeting.AppId}}","eventType":"{{eventType}}","sessionId":"{{meeting.SessionId}}","timestamp":{{timestamp}},"fqn":"{{meeting.Fqn}}","data":{{data}}}""");

    /// <summary>ROOM_CREATED / ROOM_DESTROYED of the main room, or of the breakout room <paramref name="breakoutRoomId"/>.</summary>
    public static string Room(MeetingHeader meeting, string? breakoutRoomId = null) =>
        $$"""{"conference":"{{meeting.Room}}@conference.{{meeting.AppId}}.8x8.vc",{{InRoom(breakoutRoomId)}}}""";

    public static string Joined(MeetingHeader meeting, MeetingParticipant p, bool moderator, string? breakoutRoomId = null) =>
        $$"""{"moderator":"{{(moderator ? "true" : "false")}}","name":"{{p.Name}}","group":"{{meeting.AppId}}","email":"{{p.Email}}","id":"{{p.UserId}}","participantJid":"{{p.Jid}}","participantId":"{{p.ParticipantId}}","avatar":"{{Avatar}}",{{InRoom(breakoutRoomId)}}}""";

    public static string Left(MeetingHeader meeting, MeetingParticipant p, bool moderator, string disconnectReason, string? breakoutRoomId = null) =>
        $$"""{"moderator":"{{(moderator ? "true" : "false")}}","name":"{{p.Name}}","disconnectReason":"{{disconnectReason}}","group":"{{meeting.AppId}}","email":"{{p.Email}}","id":"{{p.UserId}}","participantJid":"{{p.Jid}}","participantId":"{{p.ParticipantId}}","avatar":"{{Avatar}}",{{InRoom(breakoutRoomId)}}}""";

    public static string DialInStarted(MeetingParticipant caller, string number) =>
        $$"""{"direction":"in","nick":"{{number}} (+{{number}})","participantJid":"{{caller.Jid}}","participantId":"{{caller.ParticipantId}}"}""";

    public static string DialInEnded(MeetingParticipant caller) =>
        $$"""{"participantJid":"{{caller.Jid}}","participantId":"{{caller.ParticipantId}}"}""";

    public static string Feedback(MeetingParticipant p, int rating) =>
        $$"""{"rating":{{rating}},"comments":"Feedback from {{p.Name}}","userId":"{{p.UserId}}"}""";

    public static string Recording(MeetingHeader meeting) =>
        $$"""{"conference":"{{meeting.Room}}@conference.{{meeting.AppId}}.8x8.vc"}""";

    public static string JoinedLobby(MeetingParticipant p) =>
        $$"""{"moderator":false,"hidden-from-recorder":false,"id":"{{p.UserId}}","name":"{{p.Name}}","participantJid":"{{p.Jid}}","participantId":"{{p.ParticipantId}}","avatar":"{{Avatar}}","email":"{{p.Email}}"}""";

    public static string LeftLobby(MeetingParticipant p) =>
        $$"""{"moderator":false,"hidden-from-recorder":false,"id":"{{p.UserId}}","disconnectReason":"left","name":"{{p.Name}}","participantJid":"{{p.Jid}}","participantId":"{{p.ParticipantId}}","avatar":"{{Avatar}}","email":"{{p.Email}}"}""";

    public static string TranscriptChunk(MeetingParticipant p, int phrase) =>
        $$$"""{"final":" This is final transcription phrase number {{{phrase}}} of the meeting.","language":"en","messageID":"{{{Guid.NewGuid()}}}","participant":{"id":"{{{p.ParticipantId}}}","name":"{{{p.Name}}}","userId":"{{{p.UserId}}}","email":"{{{p.Email}}}","avatarUrl":"{{{Avatar}}}"}}""";

    public static string Reactions(MeetingParticipant p, string reaction) =>
        $$"""{"participantId":"{{p.ParticipantId}}","participantJid":"{{p.ResourceJid}}","participantName":"{{p.Name}}","reactions":["{{reaction}}"]}""";

    public static string PollCreated(MeetingParticipant author, string pollId) =>
        $$"""{"question":"Which option do you prefer?","answers":[{"key":1,"name":"Answer 1"},{"key":2,"name":"Answer 2"},{"key":3,"name":"Answer 3"}],"user":{{PollUser(author)}},"pollId":"{{pollId}}","isBreakout":false}""";

    public static string PollAnswer(MeetingParticipant voter, string pollId, int choice) =>
        $$"""{"answers":[{"key":1,"name":"Answer 1","value":{{Lower(choice == 1)}}},{"key":2,"name":"Answer 2","value":{{Lower(choice == 2)}}},{"key":3,"name":"Answer 3","value":{{Lower(choice == 3)}}}],"user":{{PollUser(voter)}},"pollId":"{{pollId}}","isBreakout":false}""";

    public static string SpeakerStats(IEnumerable<(MeetingParticipant Participant, long Milliseconds)> speakers) =>
        "{" + string.Join(",", speakers.Select(s =>
            $$"""
            "{{s.Participant.ResourceJid}}":{"time":{{s.Milliseconds}},"id":"{{s.Participant.UserId}}","name":"{{s.Participant.Name}}","email":"{{s.Participant.Email}}"}
            """)) + "}";

    public static string Usage(MeetingHeader meeting, IEnumerable<MeetingParticipant> participants) =>
        "[" + string.Join(",", participants.Select(p =>
            $$"""{"customerId":"{{meeting.CustomerId}}","deviceId":"{{p.Jid[..8]}}{{p.ParticipantId}}","email":"{{p.Email}}","kid":"{{meeting.AppId}}/5b3c5a","userId":"{{p.UserId}}"}""")) + "]";

    public static string ChatUploaded(MeetingHeader meeting, string? link = null) =>
        $$"""{"preAuthenticatedLink":"{{link ?? $"https://link.to/chat/{meeting.SessionId}"}}"}""";

    public static string RecordingUploaded(IEnumerable<MeetingParticipant> participants, string link, long startedAt, long endedAt) =>
        $$"""{"participants":[{{string.Join(",", participants.Select(p => $$"""{"name":"{{p.Name}}","avatar":"{{Avatar}}","id":"{{p.UserId}}"}"""))}}],"preAuthenticatedLink":"{{link}}","share":true,"initiatorId":"{{participants.First().UserId}}","durationSec":{{(endedAt - startedAt) / 1000}},"startTimestamp":{{startedAt}},"endTimestamp":{{endedAt}},"recordingSessionId":"{{Guid.NewGuid()}}"}""";

    public static string DocumentAdded(MeetingParticipant by, string link, string fileId, long fileSize, long addedAt) =>
        $$"""{"preAuthenticatedLink":"{{link}}","fileName":"Agenda {{fileId[..4]}}.pdf","fileId":"{{fileId}}","linkExpiration":{{addedAt + 86_400_000}},"fileSize":{{fileSize}},"initiatorId":"{{by.UserId}}","fileCreatedAt":{{addedAt - 2_000}}}""";

    public static string StatisticsUploaded(MeetingParticipant p, string link) =>
        $$"""{"statsUrl":"{{link}}","participantId":"{{p.ParticipantId}}","participantName":"{{p.Name}}","endpointId":"{{p.ParticipantId[..6]}}"}""";

    private static string InRoom(string? breakoutRoomId) =>
        breakoutRoomId is null ? "\"isBreakout\":false" : $$"""
            "isBreakout":true,"breakoutRoomId":"{{breakoutRoomId}}"
            """;

    private static string PollUser(MeetingParticipant p) =>
        $$"""{"participantJid":"{{p.Jid}}","currentName":"{{p.Name}}","id":"{{p.UserId}}","name":"{{p.Name}}","email":"{{p.Email}}"}""";

    private static string Lower(bool value) => value ? "true" : "false";
}
