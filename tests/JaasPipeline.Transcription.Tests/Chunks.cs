using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Transcription.Tests;

/// <summary>TRANSCRIPTION_CHUNK_RECEIVED deliveries shaped like the JaaS reference example.</summary>
public static class Chunks
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_702_473_369_467);

    public const string Fqn = "vpaas-magic-cookie-c1/testroom";

    /// <summary>One chunk as JaaS sends it; <paramref name="idempotencyKey"/> defaults to a key derived from the messageID.</summary>
    public static string Delivery(
        string sessionId, string messageId, DateTimeOffset timestamp, string text, string name = "Jane Doe",
        string? idempotencyKey = null, string fqn = Fqn, string language = "en", string participantId = "abcd1234")
    {
        var body = new JsonObject
        {
            ["idempotencyKey"] = idempotencyKey ?? $"{sessionId}-{messageId}",
            ["customerId"] = "c1",
            ["appId"] = "vpaas-magic-cookie-c1",
            ["eventType"] = "TRANSCRIPTION_CHUNK_RECEIVED",
            ["sessionId"] = sessionId,
            ["timestamp"] = timestamp.ToUnixTimeMilliseconds(),
            ["fqn"] = fqn,
            ["data"] = new JsonObject
            {
                ["final"] = text,
                ["language"] = language,
                ["messageID"] = messageId,
                ["participant"] = new JsonObject
                {
                    ["id"] = participantId,
                    ["name"] = name,
                    ["userId"] = "user-" + participantId,
                    ["email"] = participantId + "@example.com",
                    ["avatarUrl"] = "https://www.gravatar.com/avatar/a1b2c3d4e5?d=wavatar&size=200",
                },
            },
        };
        return body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>A phrase as the store keeps it, for tests that write without the bus.</summary>
    public static TranscriptSegment Segment(string sessionId, string messageId, DateTimeOffset timestamp, string text, string name = "Jane Doe") => new()
    {
        SessionId = sessionId, Fqn = Fqn, MessageId = messageId, Timestamp = timestamp, ParticipantId = "abcd1234", Name = name,
        UserId = "user-abcd1234", Email = "abcd1234@example.com", Language = "en", Text = text, IdempotencyKey = $"{sessionId}-{messageId}",
    };

    public static string NewSessionId() => Guid.NewGuid().ToString();
}
