using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>The parser refuses a body without a usable envelope and names every field that is wrong.</summary>
public sealed class EnvelopeValidationTests
{
    [TestCase("")]
    [TestCase("{not json")]
    [TestCase("{\"eventType\":\"ROOM_CREATED\",}")]
    [TestCase("{\"eventType\":\"ROOM_CREATED\"} trailing")]
    public void BodyThatIsNotJson_IsRejectedWithOneBodyError(string body)
    {
        var result = JaasEventParser.Parse(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Event, Is.Null);
            Assert.That(result.Errors, Has.Count.EqualTo(1));
            Assert.That(result.Errors[0].Field, Is.EqualTo("$"));
            Assert.That(result.Errors[0].Problem, Does.StartWith("body is not valid JSON: "));
        }
    }

    [Test]
    public void InvalidUtf8InsideAString_IsRejectedAsNotJson()
    {
        // JsonDocument does not check the bytes inside strings; reading them later would throw.
        byte[] body = [.. Read(JaasEventTypes.RoomCreated)];
        var at = Array.IndexOf(body, (byte)'d', Array.IndexOf(body, (byte)':'));
        body[at] = 0xFF;

        var result = JaasEventParser.Parse(body);

        Assert.That(result.Errors, Has.Count.EqualTo(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Errors[0].Field, Is.EqualTo("$"));
            Assert.That(result.Errors[0].Problem, Does.StartWith("body is not valid JSON: ").And.Contain("UTF-8"));
        }
    }

    [TestCase("[]")]
    [TestCase("[{\"eventType\":\"ROOM_CREATED\"}]")]
    [TestCase("\"ROOM_CREATED\"")]
    [TestCase("42")]
    [TestCase("null")]
    public void JsonThatIsNotAnObject_IsRejectedAsBodyError(string body)
    {
        var result = JaasEventParser.Parse(body);

        Assert.That(result.Errors, Is.EqualTo(new[] { new JaasFieldError("$", "body must be a JSON object") }));
        Assert.That(result.Event, Is.Null);
    }

    [TestCase("idempotencyKey")]
    [TestCase("eventType")]
    [TestCase("sessionId")]
    [TestCase("fqn")]
    [TestCase("timestamp")]
    public void MissingRequiredField_IsReportedByName(string field)
    {
        var body = ReadNode(JaasEventTypes.RoomCreated);
        body.Remove(field);

        var result = Parse(body);

        Assert.That(result.Errors, Is.EqualTo(new[] { new JaasFieldError(field, "is required") }));
        Assert.That(result.Event, Is.Null);
    }

    [TestCase("idempotencyKey", "null", "is required")]
    [TestCase("idempotencyKey", "\"\"", "must be a non-empty string")]
    [TestCase("idempotencyKey", "42", "must be a non-empty string")]
    [TestCase("eventType", "\"  \"", "must be a non-empty string")]
    [TestCase("eventType", "[\"ROOM_CREATED\"]", "must be a non-empty string")]
    [TestCase("sessionId", "{}", "must be a non-empty string")]
    [TestCase("fqn", "true", "must be a non-empty string")]
    [TestCase("timestamp", "\"yesterday\"", "must be a Unix time in milliseconds (integer)")]
    [TestCase("timestamp", "1600951800112.5", "must be a Unix time in milliseconds (integer)")]
    [TestCase("timestamp", "\"2020-09-24T12:50:00Z\"", "must be a Unix time in milliseconds (integer)")]
    [TestCase("timestamp", "9223372036854775807", "must be a Unix time in milliseconds (integer)")]
    [TestCase("timestamp", "false", "must be a Unix time in milliseconds (integer)")]
    public void MistypedRequiredField_IsReportedByName(string field, string valueJson, string problem)
    {
        var body = ReadNode(JaasEventTypes.RoomCreated);
        body[field] = JsonNode.Parse(valueJson);

        var result = Parse(body);

        Assert.That(result.Errors, Is.EqualTo(new[] { new JaasFieldError(field, problem) }));
    }

    [Test]
    public void SeveralFieldsWrong_AreEachReported()
    {
        var result = JaasEventParser.Parse("""{"eventType":"ROOM_CREATED","sessionId":7,"timestamp":"soon","data":"text"}""");

        Assert.That(result.Errors, Is.EqualTo(new[]
        {
            new JaasFieldError("idempotencyKey", "is required"),
            new JaasFieldError("sessionId", "must be a non-empty string"),
            new JaasFieldError("fqn", "is required"),
            new JaasFieldError("timestamp", "must be a Unix time in milliseconds (integer)"),
            new JaasFieldError("data", "must be a JSON object for ROOM_CREATED"),
        }));
        Assert.That(result.Event, Is.Null);
    }

    [Test]
    public void EmptyObject_ReportsEveryRequiredField()
    {
        var result = JaasEventParser.Parse("{}");

        Assert.That(result.Errors.Select(error => error.Field), Is.EqualTo(new[] { "idempotencyKey", "eventType", "sessionId", "fqn", "timestamp" }));
    }

    [Test]
    public void TimestampAsDigitString_IsAccepted()
    {
        var body = ReadNode(JaasEventTypes.RoomCreated);
        body["timestamp"] = "1600951800112";

        var room = ParseAs<RoomCreated>(body);

        Assert.That(room.Timestamp, Is.EqualTo(UnixMs(1600951800112)));
    }

    [Test]
    public void CustomerIdAndAppIdMissing_IsValidWithNulls()
    {
        var body = ReadNode(JaasEventTypes.RoomCreated);
        body.Remove("customerId");
        body.Remove("appId");

        var room = ParseAs<RoomCreated>(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(room.CustomerId, Is.Null);
            Assert.That(room.AppId, Is.Null);
        }
    }

    [TestCase("not-a-guid-at-all")]
    [TestCase("c2b42ad3d-12a6-5908-cf38-f21ae2451fc0")]
    [TestCase("e95c6d20-41e3-4944-9c37-46b786abf1113")]
    public void NonGuidIdempotencyKey_IsKeptAsSent(string idempotencyKey)
    {
        var body = ReadNode(JaasEventTypes.RoomCreated);
        body["idempotencyKey"] = idempotencyKey;

        var room = ParseAs<RoomCreated>(body);

        Assert.That(room.IdempotencyKey, Is.EqualTo(idempotencyKey));
    }

    [TestCase("vpaas-magic-cookie-abc/testroom", "vpaas-magic-cookie-abc", "testroom")]
    [TestCase("vpaas-magic-cookie-abc/team/standup", "vpaas-magic-cookie-abc", "team/standup")]
    [TestCase("vpaas-magic-cookie-abc/", "vpaas-magic-cookie-abc", "")]
    [TestCase("roomwithoutappid", "roomwithoutappid", "")]
    public void Fqn_IsSplitOnItsFirstSlash(string fqn, string appId, string roomName)
    {
        var body = ReadNode(JaasEventTypes.RoomCreated);
        body["fqn"] = fqn;

        var room = ParseAs<RoomCreated>(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(room.Fqn, Is.EqualTo(fqn));
            Assert.That(room.FqnAppId, Is.EqualTo(appId));
            Assert.That(room.RoomName, Is.EqualTo(roomName));
        }
    }

    [Test]
    public void DuplicateEnvelopeMember_TheLastOccurrenceWins()
    {
        var result = JaasEventParser.Parse("""
            {"idempotencyKey":"first","eventType":"NOT_A_TYPE","sessionId":"s","fqn":"a/b","timestamp":1,
             "idempotencyKey":"second","eventType":"ROOM_DESTROYED","timestamp":2}
            """);

        Assert.That(result.Event, Is.TypeOf<RoomDestroyed>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event!.IdempotencyKey, Is.EqualTo("second"));
            Assert.That(result.Event.Timestamp, Is.EqualTo(UnixMs(2)));
        }
    }

    [Test]
    public void BodyWithUtf8ByteOrderMark_IsParsed()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Read(JaasEventTypes.RoomCreated)];

        var room = ParseAs<RoomCreated>(body);

        Assert.That(room.RoomName, Is.EqualTo("testroom2"));
    }

    [Test]
    public void StringAndUtf8Overloads_GiveEqualEvents()
    {
        var bytes = Read(JaasEventTypes.RoomCreated);

        var fromBytes = JaasEventParser.Parse(bytes).Event;
        var fromString = JaasEventParser.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Event;

        Assert.That(fromString, Is.Not.Null.And.EqualTo(fromBytes));
    }

    private static JaasParseResult Parse(JsonNode body) => JaasEventParser.Parse(body.ToJsonString());
}
