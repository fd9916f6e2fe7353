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

    [TestCase("fqn")]
    [TestCase("customerId")]
    [TestCase("appId")]
    public void LoneSurrogateInEnvelope_ReadsAsReplacementCharacter(string member)
    {
        var body = ReadNode(JaasEventTypes.ParticipantJoined);
        body[member] = "x-MARK-y";
        var text = body.ToJsonString().Replace("MARK", "\\ud800", StringComparison.Ordinal);

        var result = JaasEventParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.That(result.Errors, Is.Empty);
        var value = member switch
        {
            "fqn" => result.Event!.Fqn,
            "customerId" => result.Event!.CustomerId,
            _ => result.Event!.AppId,
        };
        Assert.That(value, Is.EqualTo("x-\uFFFD-y"));
    }

    // An identity read as U+FFFD alone would merge distinct keys: the second delivery would be taken for a conflicting
    // repeat of the first and never published, and two sessions would be one meeting.
    [TestCase("idempotencyKey", "\\ud800", "\\udbff")]
    [TestCase("idempotencyKey", "\\ud800", "\\ufffd")]
    [TestCase("idempotencyKey", "\\ud800", "\uFFFDd800")]
    [TestCase("idempotencyKey", "\\ud800", "\\\\ud800")]
    [TestCase("sessionId", "\\udc00", "\\udc01")]
    [TestCase("sessionId", "\\ud83d", "\\ud83d\\ude00")]
    public void DistinctIdentitiesWithLoneSurrogates_StayDistinct(string member, string firstEscaped, string secondEscaped)
    {
        string Identity(string escaped)
        {
            var body = ReadNode(JaasEventTypes.ParticipantJoined);
            body[member] = "x-MARK-y";
            var result = JaasEventParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString().Replace("MARK", escaped, StringComparison.Ordinal)));
            Assert.That(result.Errors, Is.Empty, escaped);
            return member == "sessionId" ? result.Event!.SessionId : result.Event!.IdempotencyKey;
        }

        var first = Identity(firstEscaped);
        var second = Identity(secondEscaped);

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(first + second, Is.EqualTo(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(first + second))), "valid Unicode: stored alike in every database");
        Assert.That(Identity(firstEscaped), Is.EqualTo(first), "the same body gives the same identity every time");
    }

    [Test]
    public void IdentityWithLoneSurrogate_ReadsAsReplacementCharacterAndItsHexDigits()
    {
        var text = """{"idempotencyKey":"k\ud800","eventType":"PARTICIPANT_LEFT","sessionId":"s\uDBFF\uFFFD","timestamp":1600951818143,"fqn":"a/b","data":{}}""";

        var left = JaasEventParser.Parse(Encoding.UTF8.GetBytes(text)).Event!;

        Assert.That(left.IdempotencyKey, Is.EqualTo("k\uFFFDd800"));
        Assert.That(left.SessionId, Is.EqualTo("s\uFFFDdbff\uFFFDfffd"));
    }

    [Test]
    public void IdentityWithoutLoneSurrogates_IsTheTextSent()
    {
        var text = """{"idempotencyKey":"k\ud83d\ude00\n","eventType":"PARTICIPANT_LEFT","sessionId":"s\u00e9","timestamp":1600951818143,"fqn":"a/b","data":{}}""";

        var left = JaasEventParser.Parse(Encoding.UTF8.GetBytes(text)).Event!;

        Assert.That(left.IdempotencyKey, Is.EqualTo("k\U0001F600\n"));
        Assert.That(left.SessionId, Is.EqualTo("s\u00e9"));
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
