using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>Every stored text field is refused, by name, when it is longer than its column; and data is bounded.</summary>
public sealed class FieldLimitTests
{
    [TestCase("idempotencyKey", JaasFieldLimits.IdempotencyKey)]
    [TestCase("sessionId", JaasFieldLimits.SessionId)]
    [TestCase("fqn", JaasFieldLimits.Fqn)]
    public void EnvelopeFieldOverItsColumn_IsRefusedNamingIt(string member, int limit)
    {
        var fits = ReadNode(JaasEventTypes.ParticipantLeft);
        fits[member] = new string('x', limit);
        var over = ReadNode(JaasEventTypes.ParticipantLeft);
        over[member] = new string('x', limit + 1);

        Assert.That(Parse(fits).Errors, Is.Empty);
        Assert.That(Parse(over).Errors.Select(e => e.Field), Is.EqualTo(new[] { member }));
    }

    [Test]
    public void EventTypeOverItsColumn_IsRefusedNamingIt()
    {
        var over = ReadNode(JaasEventTypes.ParticipantLeft);
        over["eventType"] = new string('X', JaasFieldLimits.EventType + 1);

        Assert.That(Parse(over).Errors.Select(e => e.Field), Is.EqualTo(new[] { "eventType" }));
    }

    [TestCase("disconnectReason", JaasFieldLimits.DisconnectReason)]
    [TestCase("participantId", JaasFieldLimits.ParticipantId)]
    [TestCase("participantJid", JaasFieldLimits.ParticipantJid)]
    [TestCase("breakoutRoomId", JaasFieldLimits.BreakoutRoomId)]
    public void ParticipantDataFieldOverItsColumn_IsRefusedNamingIt(string member, int limit)
    {
        var fits = ReadNode(JaasEventTypes.ParticipantLeft);
        fits["data"]![member] = new string('r', limit);
        var over = ReadNode(JaasEventTypes.ParticipantLeft);
        over["data"]![member] = new string('r', limit + 1);

        Assert.That(Parse(fits).Errors, Is.Empty);
        Assert.That(Parse(over).Errors.Select(e => e.Field), Is.EqualTo(new[] { "data." + member }));
    }

    // Fields that land in a bounded SQL Server column of one consumer (JaasFieldLimits says which), by their path in data.
    [TestCase(JaasEventTypes.SipCallInStarted, "participantId", JaasFieldLimits.ParticipantId)]
    [TestCase(JaasEventTypes.SipCallOutEnded, "participantJid", JaasFieldLimits.ParticipantJid)]
    [TestCase(JaasEventTypes.DialInStarted, "participantId", JaasFieldLimits.ParticipantId)]
    [TestCase(JaasEventTypes.DialOutEnded, "participantJid", JaasFieldLimits.ParticipantJid)]
    [TestCase(JaasEventTypes.TranscriptionChunkReceived, "messageID", JaasFieldLimits.MessageId)]
    [TestCase(JaasEventTypes.TranscriptionChunkReceived, "language", JaasFieldLimits.Language)]
    [TestCase(JaasEventTypes.TranscriptionChunkReceived, "participant.id", JaasFieldLimits.ParticipantId)]
    [TestCase(JaasEventTypes.Usage, "[].customerId", JaasFieldLimits.UsageCustomerId)]
    [TestCase(JaasEventTypes.Usage, "[].deviceId", JaasFieldLimits.DeviceId)]
    [TestCase(JaasEventTypes.Usage, "[].userId", JaasFieldLimits.UserId)]
    [TestCase(JaasEventTypes.RtcStatsUploaded, "participantId", JaasFieldLimits.ParticipantId)]
    [TestCase(JaasEventTypes.RtcStatsUploaded, "participantName", JaasFieldLimits.ParticipantName)]
    [TestCase(JaasEventTypes.RtcStatsUploaded, "endpointId", JaasFieldLimits.EndpointId)]
    [TestCase(JaasEventTypes.DocumentAdded, "fileId", JaasFieldLimits.FileId)]
    [TestCase(JaasEventTypes.DocumentAdded, "fileName", JaasFieldLimits.FileName)]
    [TestCase(JaasEventTypes.DocumentDeleted, "fileId", JaasFieldLimits.FileId)]
    [TestCase(JaasEventTypes.DocumentDeleted, "fileName", JaasFieldLimits.FileName)]
    public void ConsumerColumnFieldOverItsWidth_IsRefusedNamingIt(string eventType, string path, int limit)
    {
        var fits = WithDataField(eventType, path, new string('f', limit));
        var over = WithDataField(eventType, path, new string('f', limit + 1));

        Assert.That(Parse(fits).Errors, Is.Empty);
        Assert.That(Parse(over).Errors.Select(e => e.Field), Is.EqualTo(new[] { "data" + (path.StartsWith('[') ? path : "." + path) }));
    }

    [Test]
    public void UsageListWithSeveralLongEntries_NamesTheFieldOnce()
    {
        var usage = ReadNode(JaasEventTypes.Usage);
        usage["data"] = new JsonArray(
            new JsonObject { ["deviceId"] = new string('d', JaasFieldLimits.DeviceId + 1) },
            new JsonObject { ["deviceId"] = new string('e', JaasFieldLimits.DeviceId + 1) });

        Assert.That(Parse(usage).Errors.Select(e => e.Field), Is.EqualTo(new[] { "data[].deviceId" }));
    }

    [Test]
    public void RoleChangedJidOverItsColumn_IsRefusedNamingIt()
    {
        var over = ReadNode(JaasEventTypes.RoleChanged);
        over["data"]!["grantedTo"] = new JsonObject { ["participantJid"] = new string('j', JaasFieldLimits.ParticipantJid + 1) };

        Assert.That(Parse(over).Errors.Select(e => e.Field), Is.EqualTo(new[] { "data.grantedTo.participantJid" }));
    }

    [Test]
    public void DataWithMoreItemsThanTheBound_IsRefusedNamingData()
    {
        var usage = ReadNode(JaasEventTypes.Usage);
        usage["data"] = new JsonArray([.. Enumerable.Range(0, 100).Select(_ => (JsonNode)new JsonObject())]);
        var bytes = System.Text.Encoding.UTF8.GetBytes(usage.ToJsonString());

        Assert.That(JaasEventParser.Parse(bytes, maxDataItems: 100).Errors, Is.Empty);
        Assert.That(JaasEventParser.Parse(bytes, maxDataItems: 99).Errors.Select(e => e.Field), Is.EqualTo(new[] { "data" }));
    }

    [Test]
    public void NestedMembersOfData_CountTowardsTheBound()
    {
        var usage = ReadNode(JaasEventTypes.Usage);
        usage["data"] = new JsonArray(new JsonObject { ["a"] = 1, ["b"] = new JsonArray(1, 2, 3) });
        var bytes = System.Text.Encoding.UTF8.GetBytes(usage.ToJsonString());

        Assert.That(JaasEventParser.Parse(bytes, maxDataItems: 6).Errors, Is.Empty);
        Assert.That(JaasEventParser.Parse(bytes, maxDataItems: 5).Errors.Select(e => e.Field), Is.EqualTo(new[] { "data" }));
    }

    [Test]
    public void ManyValuesOutsideData_AreRefusedToo()
    {
        var padded = ReadNode(JaasEventTypes.Usage);
        padded["padding"] = new JsonArray([.. Enumerable.Range(0, 2_000).Select(i => (JsonNode)i)]);
        var bytes = System.Text.Encoding.UTF8.GetBytes(padded.ToJsonString());

        Assert.That(JaasEventParser.Parse(bytes, maxDataItems: 10).Errors.Select(e => e.Field), Is.EqualTo(new[] { "$" }));
        Assert.That(JaasEventParser.Parse(bytes).Errors, Is.Empty, "unbounded when no bound is asked for");
    }

    // The event's reference example with one field of data (a path such as "participant.id", or "[].deviceId" for
    // every entry of a list) set to value.
    private static JsonObject WithDataField(string eventType, string path, string value)
    {
        var body = ReadNode(eventType);
        var targets = path.StartsWith("[].", StringComparison.Ordinal)
            ? body["data"]!.AsArray().Select(entry => entry!.AsObject()).ToList()
            : [body["data"]!.AsObject()];
        Assert.That(targets, Is.Not.Empty, $"the {eventType} example has data to change");
        var names = path.TrimStart('[', ']', '.').Split('.');
        foreach (var target in targets)
        {
            var owner = target;
            foreach (var name in names[..^1])
            {
                owner = owner[name] as JsonObject ?? (JsonObject)(owner[name] = new JsonObject());
            }

            owner[names[^1]] = value;
        }

        return body;
    }

    private static JaasParseResult Parse(JsonObject body) => JaasEventParser.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
}
