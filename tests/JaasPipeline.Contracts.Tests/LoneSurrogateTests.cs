using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>An escaped lone surrogate (a JavaScript string cut inside an emoji) reads as U+FFFD wherever it is.</summary>
public sealed class LoneSurrogateTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    // The body's text keeps the escape itself: "J\ud800o" with a backslash, as JaaS would send it.
    private static string WithEscape(string body, string plain, string escaped) => body.Replace(plain, escaped, StringComparison.Ordinal);

    [TestCase("name", "J\\ud800o")]
    [TestCase("name", "J\\uDC00o")]
    [TestCase("name", "J\\ud83d")]
    [TestCase("name", "\\udc00\\ud800")]
    public void LoneSurrogateInData_ReadsAsReplacementCharacter(string member, string escapedName)
    {
        var body = WithEscape(Encoding.UTF8.GetString(Read(JaasEventTypes.ParticipantJoined)), "\"John Doe\"", $"\"{escapedName}\"");
        Assert.That(body, Does.Contain(escapedName), "the fixture holds the name this test replaces");

        var joined = ParseAs<ParticipantJoined>(Encoding.UTF8.GetBytes(body));

        Assert.That(joined.Name, Does.Contain("\uFFFD"));
        Assert.That(joined.Name!.Any(char.IsSurrogate), Is.False);
    }

    [TestCase("sessionId")]
    [TestCase("fqn")]
    [TestCase("customerId")]
    [TestCase("appId")]
    [TestCase("idempotencyKey")]
    public void LoneSurrogateInEnvelope_ReadsAsReplacementCharacter(string member)
    {
        var body = ReadNode(JaasEventTypes.ParticipantJoined);
        body[member] = "x-MARK-y";
        var text = body.ToJsonString().Replace("MARK", "\\ud800", StringComparison.Ordinal);

        var result = JaasEventParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.That(result.Errors, Is.Empty);
        var value = member switch
        {
            "sessionId" => result.Event!.SessionId,
            "fqn" => result.Event!.Fqn,
            "customerId" => result.Event!.CustomerId,
            "appId" => result.Event!.AppId,
            _ => result.Event!.IdempotencyKey,
        };
        Assert.That(value, Is.EqualTo("x-\uFFFD-y"));
    }

    [Test]
    public void LoneSurrogateInMemberName_ReadsAsReplacementCharacter()
    {
        var text = """{"idempotencyKey":"k","eventType":"SPEAKER_STATS","sessionId":"s","timestamp":1600951818143,"fqn":"a/b","data":{"p\ud800@x":{"name":"n","time":3}}}""";

        var stats = ParseAs<SpeakerStatsReported>(Encoding.UTF8.GetBytes(text));

        Assert.That(stats.Speakers.Single().Jid, Is.EqualTo("p\uFFFD@x"));
    }

    [Test]
    public void ValidPairAndEscapedBackslash_AreLeftAsTheyAre()
    {
        var text = """{"idempotencyKey":"k","eventType":"PARTICIPANT_JOINED","sessionId":"s","timestamp":1600951818143,"fqn":"a/b","data":{"name":"\ud83d\ude00 \\ud800"}}""";

        var joined = ParseAs<ParticipantJoined>(Encoding.UTF8.GetBytes(text));

        Assert.That(joined.Name, Is.EqualTo("\U0001F600 \\ud800"));
    }

    [Test]
    public void UnknownEventTypeWithLoneSurrogate_KeepsDataJsonThatParsesAgain()
    {
        var text = """{"idempotencyKey":"k","eventType":"MEETING_TELEPORTED","sessionId":"s","timestamp":1600951818143,"fqn":"a/b","data":{"to":"m\ud800s"}}""";

        var unknown = ParseAs<UnknownJaasEvent>(Encoding.UTF8.GetBytes(text));

        Assert.That(JsonNode.Parse(unknown.DataJson)!["to"]!.GetValue<string>(), Is.EqualTo("m\uFFFDs"));
    }

    [Test]
    public void RecordReadFromLoneSurrogate_RoundTripsThroughSystemTextJson()
    {
        var text = """{"idempotencyKey":"k","eventType":"PARTICIPANT_LEFT","sessionId":"s\udbff","timestamp":1600951818143,"fqn":"a/b","data":{"name":"J\ud800o"}}""";
        var left = ParseAs<ParticipantLeft>(Encoding.UTF8.GetBytes(text));

        var back = JsonSerializer.Deserialize<ParticipantLeft>(JsonSerializer.SerializeToUtf8Bytes(left, Web), Web);

        Assert.That(back, Is.EqualTo(left));
        Assert.That(back!.Name, Is.EqualTo("J\uFFFDo"));
    }
}
