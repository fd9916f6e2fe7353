using System.Text.Json;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>Parsed events survive System.Text.Json as message bodies (what MassTransit does with them).</summary>
public sealed class SerializationRoundTripTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [TestCaseSource(typeof(ReferenceFixtures), nameof(WebhookEventTypes))]
    public void ParsedReferenceExample_RoundTripsToTheSameConcreteRecord(string eventType)
    {
        var parsed = JaasEventParser.Parse(Read(eventType)).Event!;
        var type = parsed.GetType();

        var json = JsonSerializer.Serialize(parsed, type, Web);
        var back = (JaasEvent)JsonSerializer.Deserialize(json, type, Web)!;

        // Records holding lists compare those by reference, so the whole value is compared as serialized JSON,
        // and the envelope field by field.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Is.TypeOf(type));
            Assert.That(JsonSerializer.Serialize(back, type, Web), Is.EqualTo(json));
            Assert.That(back.IdempotencyKey, Is.EqualTo(parsed.IdempotencyKey));
            Assert.That(back.CustomerId, Is.EqualTo(parsed.CustomerId));
            Assert.That(back.AppId, Is.EqualTo(parsed.AppId));
            Assert.That(back.EventType, Is.EqualTo(parsed.EventType));
            Assert.That(back.SessionId, Is.EqualTo(parsed.SessionId));
            Assert.That(back.Timestamp, Is.EqualTo(parsed.Timestamp));
            Assert.That(back.Fqn, Is.EqualTo(parsed.Fqn));
            Assert.That(back.FqnAppId, Is.EqualTo(parsed.FqnAppId));
            Assert.That(back.RoomName, Is.EqualTo(parsed.RoomName));
        }
    }

    [TestCase("ROOM_CREATED")]
    [TestCase("PARTICIPANT_LEFT")]
    [TestCase("DOCUMENT_ADDED")]
    [TestCase("TRANSCRIPTION_CHUNK_RECEIVED")]
    [TestCase("ROLE_CHANGED")]
    public void RecordWithoutLists_RoundTripsToAnEqualRecord(string eventType)
    {
        var parsed = JaasEventParser.Parse(Read(eventType)).Event!;

        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(parsed, parsed.GetType(), Web), parsed.GetType(), Web);

        Assert.That(back, Is.EqualTo(parsed));
    }

    [Test]
    public void RecordWithLists_RoundTripsItsItems()
    {
        var parsed = ParseAs<SpeakerStatsReported>(JaasEventTypes.SpeakerStats);

        var back = JsonSerializer.Deserialize<SpeakerStatsReported>(JsonSerializer.Serialize(parsed, Web), Web)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.Speakers, Is.EqualTo(parsed.Speakers));
            Assert.That(back with { Speakers = parsed.Speakers }, Is.EqualTo(parsed));
        }
    }

    [Test]
    public void UnknownEvent_RoundTripsWithItsRawData()
    {
        var parsed = JaasEventParser.Parse("""
            {"idempotencyKey":"k-1","eventType":"WHITEBOARD_SAVED","sessionId":"s","fqn":"app/room","timestamp":5,"data":{"a":[1,"two"]}}
            """).Event!;

        var back = JsonSerializer.Deserialize<UnknownJaasEvent>(JsonSerializer.Serialize(parsed, parsed.GetType(), Web), Web);

        Assert.That(back, Is.EqualTo(parsed));
        Assert.That(back!.DataJson, Is.EqualTo("""{"a":[1,"two"]}"""));
    }

    [Test]
    public void SerializedEvent_UsesCamelCaseAndCarriesTheFqnParts()
    {
        var parsed = ParseAs<RoomCreated>(JaasEventTypes.RoomCreated);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(parsed, Web));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.RootElement.GetProperty("idempotencyKey").GetString(), Is.EqualTo(parsed.IdempotencyKey));
            Assert.That(json.RootElement.GetProperty("fqnAppId").GetString(), Is.EqualTo(parsed.FqnAppId));
            Assert.That(json.RootElement.GetProperty("roomName").GetString(), Is.EqualTo("testroom2"));
        }
    }
}
