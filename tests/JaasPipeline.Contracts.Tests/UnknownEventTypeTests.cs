using JaasPipeline.Contracts;

namespace JaasPipeline.Contracts.Tests;

/// <summary>docs/jaas-reference.md, Delivery: the event list is not closed, so an eventType we do not know is kept raw, not refused.</summary>
public sealed class UnknownEventTypeTests
{
    private const string Envelope = """
        "idempotencyKey":"1b9c8a46-new","customerId":"c1","appId":"vpaas-magic-cookie-c1","eventType":"WHITEBOARD_SAVED",
        "sessionId":"s-1","timestamp":1751289050905,"fqn":"vpaas-magic-cookie-c1/board"
        """;

    [Test]
    public void UnknownEventType_BecomesUnknownJaasEventWithDataAsSent()
    {
        const string data = """{ "boardId": "b-7", "pages": [1, 2], "owner": { "id": "u" } }""";

        var result = JaasEventParser.Parse("{" + Envelope + ",\"data\":" + data + "}");

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.Event, Is.TypeOf<UnknownJaasEvent>());
        var unknown = (UnknownJaasEvent)result.Event!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unknown.DataJson, Is.EqualTo(data));
            Assert.That(unknown.EventType, Is.EqualTo("WHITEBOARD_SAVED"));
            Assert.That(unknown.IdempotencyKey, Is.EqualTo("1b9c8a46-new"));
            Assert.That(unknown.CustomerId, Is.EqualTo("c1"));
            Assert.That(unknown.AppId, Is.EqualTo("vpaas-magic-cookie-c1"));
            Assert.That(unknown.SessionId, Is.EqualTo("s-1"));
            Assert.That(unknown.Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1751289050905)));
            Assert.That(unknown.RoomName, Is.EqualTo("board"));
        }
    }

    [TestCase("", "null")]
    [TestCase(",\"data\":null", "null")]
    [TestCase(",\"data\":\"just text\"", "\"just text\"")]
    [TestCase(",\"data\":[3,2,1]", "[3,2,1]")]
    public void UnknownEventTypeWithAnyData_IsValidAndKeepsIt(string dataMember, string expectedDataJson)
    {
        var result = JaasEventParser.Parse("{" + Envelope + dataMember + "}");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Event, Is.TypeOf<UnknownJaasEvent>().With.Property(nameof(UnknownJaasEvent.DataJson)).EqualTo(expectedDataJson));
    }

    [Test]
    public void UnknownEventTypeWithoutEnvelope_IsStillRejected()
    {
        var result = JaasEventParser.Parse("""{"eventType":"WHITEBOARD_SAVED","data":{}}""");

        Assert.That(result.Errors.Select(error => error.Field), Is.EqualTo(new[] { "idempotencyKey", "sessionId", "fqn", "timestamp" }));
    }

    [TestCase("ROOM_CREATED", true)]
    [TestCase("DOCUMENT_DELETED", true)]
    [TestCase("POLL_ANSWER", true)]
    [TestCase("room_created", false)]
    [TestCase("SETTINGS_PROVISIONING", false)]
    [TestCase("WHITEBOARD_SAVED", false)]
    [TestCase("", false)]
    public void IsKnownEventType_MatchesTheReferenceNamesExactly(string eventType, bool known)
    {
        Assert.That(JaasEventParser.IsKnownEventType(eventType), Is.EqualTo(known));
    }

    [Test]
    public void LowerCaseKnownName_IsTreatedAsUnknown()
    {
        var result = JaasEventParser.Parse("{" + Envelope.Replace("WHITEBOARD_SAVED", "room_created") + "}");

        Assert.That(result.Event, Is.TypeOf<UnknownJaasEvent>());
    }
}
