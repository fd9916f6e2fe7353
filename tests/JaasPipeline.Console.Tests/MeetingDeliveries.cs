using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Encodings.Web;

namespace JaasPipeline.Console.Tests;

/// <summary>Deliveries of one meeting shaped like the JaaS reference's examples.</summary>
public sealed class MeetingDeliveries(string room)
{
    public const string AppId = "vpaas-magic-cookie-c1";

    public string SessionId { get; } = Guid.NewGuid().ToString();

    public string Fqn => $"{AppId}/{room}";

    public DateTimeOffset Start { get; } = DateTimeOffset.UtcNow.AddMinutes(-10);

    public string Joined(string participantId, string name, TimeSpan at) => Event("PARTICIPANT_JOINED", at, new JsonObject
    {
        ["name"] = name, ["email"] = participantId + "@example.com", ["id"] = participantId,
        ["participantJid"] = participantId + "@meet.jit.si", ["participantId"] = participantId, ["moderator"] = true,
    });

    public string Left(string participantId, string name, TimeSpan at) => Event("PARTICIPANT_LEFT", at, new JsonObject
    {
        ["name"] = name, ["email"] = participantId + "@example.com", ["id"] = participantId,
        ["participantJid"] = participantId + "@meet.jit.si", ["participantId"] = participantId, ["moderator"] = true,
        ["disconnectReason"] = "left",
    });

    public string Phrase(string participantId, string name, TimeSpan at, string text) => Event("TRANSCRIPTION_CHUNK_RECEIVED", at, new JsonObject
    {
        ["final"] = text, ["language"] = "en", ["messageID"] = Guid.NewGuid().ToString(),
        ["participant"] = new JsonObject { ["id"] = participantId, ["name"] = name, ["userId"] = "user-" + participantId, ["email"] = participantId + "@example.com" },
    });

    public string DialIn(string participantId, string phoneNumber, TimeSpan at) => Event("DIAL_IN_STARTED", at, new JsonObject
    {
        ["direction"] = "in", ["nick"] = phoneNumber, ["participantJid"] = participantId + "@meet.jit.si", ["participantId"] = participantId,
    });

    public string DialInEnded(string participantId, TimeSpan at) => Event("DIAL_IN_ENDED", at, new JsonObject
    {
        ["participantJid"] = participantId + "@meet.jit.si", ["participantId"] = participantId,
    });

    public string RecordingUploaded(Uri link, TimeSpan at) => Event("RECORDING_UPLOADED", at, new JsonObject
    {
        ["preAuthenticatedLink"] = link.ToString(), ["share"] = true, ["initiatorId"] = "p-ada", ["durationSec"] = 60,
        ["recordingSessionId"] = Guid.NewGuid().ToString(), ["participants"] = new JsonArray(),
    });

    private string Event(string eventType, TimeSpan at, JsonObject data) => new JsonObject
    {
        ["idempotencyKey"] = Guid.NewGuid().ToString(),
        ["customerId"] = "c1",
        ["appId"] = AppId,
        ["eventType"] = eventType,
        ["sessionId"] = SessionId,
        ["timestamp"] = (Start + at).ToUnixTimeMilliseconds(),
        ["fqn"] = Fqn,
        ["data"] = data,
    }.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
