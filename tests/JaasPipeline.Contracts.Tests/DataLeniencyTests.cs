using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>The <c>data</c> member is read leniently: kinds JaaS mixes are accepted, oddities read as missing.</summary>
public sealed class DataLeniencyTests
{
    [TestCase("true", true)]
    [TestCase("false", false)]
    [TestCase("\"true\"", true)]
    [TestCase("\"false\"", false)]
    [TestCase("\"TRUE\"", true)]
    [TestCase("\"False\"", false)]
    public void ModeratorAsBooleanOrString_IsRead(string moderatorJson, bool expected)
    {
        var body = ReadNode(JaasEventTypes.ParticipantJoined);
        body["data"]!["moderator"] = JsonNode.Parse(moderatorJson);

        var joined = ParseAs<ParticipantJoined>(body);

        Assert.That(joined.Moderator, Is.EqualTo(expected));
    }

    [TestCase("\"maybe\"")]
    [TestCase("1")]
    [TestCase("null")]
    [TestCase("{}")]
    public void ModeratorUnreadable_IsValidAndNull(string moderatorJson)
    {
        var body = ReadNode(JaasEventTypes.ParticipantLeft);
        body["data"]!["moderator"] = JsonNode.Parse(moderatorJson);

        var left = ParseAs<ParticipantLeft>(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(left.Moderator, Is.Null);
            Assert.That(left.DisconnectReason, Is.EqualTo("left"));
        }
    }

    [Test]
    public void BooleansAndNumbersAsStrings_AreRead()
    {
        var body = ReadNode(JaasEventTypes.RecordingUploaded);
        var data = body["data"]!;
        data["share"] = "false";
        data["durationSec"] = "15";
        data["startTimestamp"] = "1612175247396";

        var uploaded = ParseAs<RecordingUploaded>(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uploaded.Share, Is.False);
            Assert.That(uploaded.DurationSec, Is.EqualTo(15));
            Assert.That(uploaded.StartTimestamp, Is.EqualTo(UnixMs(1612175247396)));
        }
    }

    [Test]
    public void WholeNumberWrittenWithFraction_IsRead()
    {
        var body = ReadNode(JaasEventTypes.Feedback);
        body["data"]!["rating"] = JsonNode.Parse("5.0");

        var feedback = ParseAs<FeedbackSubmitted>(body);

        Assert.That(feedback.Rating, Is.EqualTo(5));
    }

    [Test]
    public void MistypedOptionalDataFields_AreValidAndReadAsMissing()
    {
        var body = ReadNode(JaasEventTypes.RecordingUploaded);
        var data = body["data"]!;
        data["durationSec"] = new JsonObject();
        data["startTimestamp"] = "yesterday";
        data["endTimestamp"] = JsonNode.Parse("99999999999999999");
        data["share"] = "sometimes";
        data["initiatorId"] = new JsonArray();
        data["participants"] = "everyone";

        var uploaded = ParseAs<RecordingUploaded>(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uploaded.DurationSec, Is.Null);
            Assert.That(uploaded.StartTimestamp, Is.Null);
            Assert.That(uploaded.EndTimestamp, Is.Null);
            Assert.That(uploaded.Share, Is.Null);
            Assert.That(uploaded.InitiatorId, Is.Null);
            Assert.That(uploaded.Participants, Is.Empty);
            Assert.That(uploaded.RecordingSessionId, Is.EqualTo("nkdsnfkdfkjdsfdsjklds"));
        }
    }

    [Test]
    public void NumericIdentifier_IsReadAsItsText()
    {
        var body = ReadNode(JaasEventTypes.DialInStarted);
        body["data"]!["nick"] = JsonNode.Parse("40364630871");

        var started = ParseAs<DialInStarted>(body);

        Assert.That(started.Nick, Is.EqualTo("40364630871"));
    }

    [Test]
    public void ListItemsThatAreNotObjects_AreSkipped()
    {
        var body = ReadNode(JaasEventTypes.AggregatedReactions);
        var data = body["data"]!.AsArray();
        data.Add("stray");
        data.Add(null);

        var aggregated = ParseAs<ReactionsAggregated>(body);

        Assert.That(aggregated.Reactions, Has.Count.EqualTo(3));
    }

    [TestCase(null)]
    [TestCase("null")]
    public void DataMissingOrNull_GivesTheRecordWithEmptyFields(string? dataJson)
    {
        foreach (var eventType in JaasEventTypes.RecordTypes.Keys)
        {
            var body = ReadNode(eventType);
            body.Remove("data");
            if (dataJson is not null)
            {
                body["data"] = JsonNode.Parse(dataJson);
            }

            var result = JaasEventParser.Parse(body.ToJsonString());

            Assert.That(result.Errors, Is.Empty, eventType);
            Assert.That(result.Event, Is.TypeOf(JaasEventTypes.RecordTypes[eventType]), eventType);
        }
    }

    [Test]
    public void DataMissing_LeavesFieldsNullAndListsEmpty()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ParseWithoutData<RoomCreated>(JaasEventTypes.RoomCreated).Conference, Is.Null);
            Assert.That(ParseWithoutData<ParticipantLeft>(JaasEventTypes.ParticipantLeft).Moderator, Is.Null);
            Assert.That(ParseWithoutData<UsageReported>(JaasEventTypes.Usage).Entries, Is.Empty);
            Assert.That(ParseWithoutData<SpeakerStatsReported>(JaasEventTypes.SpeakerStats).Speakers, Is.Empty);
            Assert.That(ParseWithoutData<RecordingUploaded>(JaasEventTypes.RecordingUploaded).Participants, Is.Empty);
            Assert.That(ParseWithoutData<PollCreated>(JaasEventTypes.PollCreated).User, Is.Null);
        }
    }

    [TestCase("ROOM_CREATED", "\"text\"", "must be a JSON object for ROOM_CREATED")]
    [TestCase("PARTICIPANT_JOINED", "[]", "must be a JSON object for PARTICIPANT_JOINED")]
    [TestCase("SPEAKER_STATS", "[]", "must be a JSON object for SPEAKER_STATS")]
    [TestCase("USAGE", "{}", "must be a JSON array for USAGE")]
    [TestCase("AGGREGATED_REACTIONS", "42", "must be a JSON array for AGGREGATED_REACTIONS")]
    public void DataOfTheWrongShape_IsReportedAsDataError(string eventType, string dataJson, string problem)
    {
        var body = ReadNode(eventType);
        body["data"] = JsonNode.Parse(dataJson);

        var result = JaasEventParser.Parse(body.ToJsonString());

        Assert.That(result.Errors, Is.EqualTo(new[] { new JaasFieldError("data", problem) }));
        Assert.That(result.Event, Is.Null);
    }

    [Test]
    public void UnknownFields_AreIgnoredInEnvelopeDataAndNestedObjects()
    {
        var body = ReadNode(JaasEventTypes.TranscriptionChunkReceived);
        body["apiVersion"] = 2;
        body["data"]!["confidence"] = 0.93;
        body["data"]!["participant"]!["pronouns"] = "she/her";

        var withExtras = ParseAs<TranscriptionChunkReceived>(body);

        Assert.That(withExtras, Is.EqualTo(ParseAs<TranscriptionChunkReceived>(JaasEventTypes.TranscriptionChunkReceived)));
    }

    [Test]
    public void DuplicateDataMember_TheLastOccurrenceWins()
    {
        var result = JaasEventParser.Parse("""
            {"idempotencyKey":"k","eventType":"CHAT_UPLOADED","sessionId":"s","fqn":"a/b","timestamp":1,
             "data":{"preAuthenticatedLink":"https://first","preAuthenticatedLink":"https://last"}}
            """);

        Assert.That(result.Event, Is.TypeOf<ChatUploaded>().With.Property(nameof(ChatUploaded.PreAuthenticatedLink)).EqualTo("https://last"));
    }

    [Test]
    public void SpeakerStatsEntryThatIsNotAnObject_IsSkipped()
    {
        var body = ReadNode(JaasEventTypes.SpeakerStats);
        body["data"]!["someone@8x8.vc/x"] = 12;

        var stats = ParseAs<SpeakerStatsReported>(body);

        Assert.That(stats.Speakers.Select(speaker => speaker.Time), Is.EqualTo(new long?[] { 10089, 11277 }));
    }

    private static T ParseWithoutData<T>(string eventType) where T : JaasEvent
    {
        var body = ReadNode(eventType);
        body.Remove("data");
        return ParseAs<T>(body);
    }
}
