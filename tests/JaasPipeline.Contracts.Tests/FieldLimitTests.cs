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

    private static JaasParseResult Parse(JsonObject body) => JaasEventParser.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
}
