using System.Reflection;
using System.Text.Json;
using JaasPipeline.Contracts;
using static JaasPipeline.Contracts.Tests.ReferenceFixtures;

namespace JaasPipeline.Contracts.Tests;

/// <summary>Every example of the event reference parses into its record with the values the example shows.</summary>
public sealed class ReferenceExampleTests
{
    private const string C2824AppId = "vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c";
    private const string C2824Conference = "testroom2@conference.vpaas-magic-cookie-c2824d584eac4489a1e32e4e164d5a3c.stage.8x8.vc";
    private const string BreakoutRoomId = "e0f49fd5-c3dc-4f36-9612-8cdab4d8ccfd";

    [Test]
    public void FixtureFolder_HoldsAnExampleForEveryWebhookEventType()
    {
        Assert.That(WebhookEventTypes(), Is.EquivalentTo(JaasEventTypes.RecordTypes.Keys));
    }

    [Test]
    public void EveryEventTypeConstant_HasARecordType()
    {
        var constants = typeof(JaasEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!);

        Assert.That(constants, Is.EquivalentTo(JaasEventTypes.RecordTypes.Keys));
    }

    [Test]
    public void EveryRecordType_IsASealedJaasEvent()
    {
        Assert.That(
            JaasEventTypes.RecordTypes.Values,
            Has.All.Matches<Type>(type => type.IsSealed && type.IsSubclassOf(typeof(JaasEvent))));
        Assert.That(JaasEventTypes.RecordTypes.Values, Is.Unique);
    }

    [TestCaseSource(typeof(ReferenceFixtures), nameof(WebhookEventTypes))]
    public void ReferenceExample_ParsesIntoItsRecordWithTheEnvelopeAsSent(string eventType)
    {
        var body = Read(eventType);
        using var expected = JsonDocument.Parse(body);
        var root = expected.RootElement;

        var result = JaasEventParser.Parse(body);

        Assert.That(result.IsValid, Is.True, () => string.Join("; ", result.Errors));
        var parsed = result.Event!;
        var fqn = LastMember(root, "fqn")!.Value.GetString()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.TypeOf(JaasEventTypes.RecordTypes[eventType]));
            Assert.That(JaasEventParser.IsKnownEventType(eventType), Is.True);
            Assert.That(parsed.EventType, Is.EqualTo(eventType));
            Assert.That(parsed.IdempotencyKey, Is.EqualTo(LastMember(root, "idempotencyKey")!.Value.GetString()));
            Assert.That(parsed.CustomerId, Is.EqualTo(LastMember(root, "customerId")?.GetString()));
            Assert.That(parsed.AppId, Is.EqualTo(LastMember(root, "appId")?.GetString()));
            Assert.That(parsed.SessionId, Is.EqualTo(LastMember(root, "sessionId")!.Value.GetString()));
            Assert.That(parsed.Timestamp, Is.EqualTo(UnixMs(LastMember(root, "timestamp")!.Value.GetInt64())));
            Assert.That(parsed.Timestamp.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(parsed.Fqn, Is.EqualTo(fqn));
            Assert.That(parsed.FqnAppId + "/" + parsed.RoomName, Is.EqualTo(fqn));
            Assert.That(parsed.FqnAppId, Does.StartWith("vpaas-magic-cookie-").And.Not.Contain("/"));
        }
    }

    [Test]
    public void RoomCreatedExample_CarriesConferenceAndBreakout()
    {
        var room = ParseAs<RoomCreated>(JaasEventTypes.RoomCreated);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(room.Conference, Is.EqualTo(C2824Conference));
            Assert.That(room.IsBreakout, Is.True);
            Assert.That(room.BreakoutRoomId, Is.EqualTo(BreakoutRoomId));
            Assert.That(room.FqnAppId, Is.EqualTo(C2824AppId));
            Assert.That(room.RoomName, Is.EqualTo("testroom2"));
            Assert.That(room.Timestamp, Is.EqualTo(new DateTimeOffset(2020, 9, 24, 12, 50, 0, 112, TimeSpan.Zero)));
        }
    }

    [Test]
    public void RoomDestroyedExample_CarriesConferenceAndBreakout()
    {
        var room = ParseAs<RoomDestroyed>(JaasEventTypes.RoomDestroyed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(room.Conference, Is.EqualTo(C2824Conference));
            Assert.That(room.IsBreakout, Is.True);
            Assert.That(room.BreakoutRoomId, Is.EqualTo(BreakoutRoomId));
            Assert.That(room.IdempotencyKey, Is.EqualTo("251d4ca8-6192-403c-9098-645042679257"));
        }
    }

    [Test]
    public void ParticipantJoinedExample_ReadsModeratorFromTheStringTrue()
    {
        var joined = ParseAs<ParticipantJoined>(JaasEventTypes.ParticipantJoined);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(joined.Moderator, Is.True);
            Assert.That(joined.Name, Is.EqualTo("John Doe"));
            Assert.That(joined.Group, Is.EqualTo(C2824AppId));
            Assert.That(joined.Email, Is.EqualTo("john.dow@company.com"));
            Assert.That(joined.UserId, Is.EqualTo("uniqueUserIdentifier"));
            Assert.That(joined.ParticipantJid, Is.EqualTo("3988218d-a6ef-40cf-8b1b-f5097f46fbf7@stage.8x8.vc"));
            Assert.That(joined.ParticipantId, Is.EqualTo("3988218d"));
            Assert.That(joined.Avatar, Is.EqualTo("https://link.to/user/avatar/picture"));
            Assert.That(joined.IsBreakout, Is.True);
            Assert.That(joined.BreakoutRoomId, Is.EqualTo(BreakoutRoomId));
            Assert.That(joined.HiddenFromRecorder, Is.Null);
        }
    }

    [Test]
    public void ParticipantLeftExample_CarriesModeratorAndDisconnectReason()
    {
        var left = ParseAs<ParticipantLeft>(JaasEventTypes.ParticipantLeft);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(left.Moderator, Is.True);
            Assert.That(left.DisconnectReason, Is.EqualTo("left"));
            Assert.That(left.Name, Is.EqualTo("John Doe"));
            Assert.That(left.Group, Is.EqualTo(C2824AppId));
            Assert.That(left.Email, Is.EqualTo("john.dow@company.com"));
            Assert.That(left.UserId, Is.EqualTo("uniqueUserIdentifier"));
            Assert.That(left.ParticipantJid, Is.EqualTo("3988218d-a6ef-40cf-8b1b-f5097f46fbf7@stage.8x8.vc"));
            Assert.That(left.ParticipantId, Is.EqualTo("3988218d"));
            Assert.That(left.Avatar, Is.EqualTo("https://link.to/user/avatar/picture"));
            Assert.That(left.IsBreakout, Is.True);
            Assert.That(left.BreakoutRoomId, Is.EqualTo(BreakoutRoomId));
        }
    }

    [Test]
    public void ParticipantJoinedLobbyExample_CarriesBooleanModeratorAndHiddenFromRecorder()
    {
        var joined = ParseAs<ParticipantJoinedLobby>(JaasEventTypes.ParticipantJoinedLobby);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(joined.Moderator, Is.False);
            Assert.That(joined.HiddenFromRecorder, Is.False);
            Assert.That(joined.UserId, Is.EqualTo("22efffd2458f483ab3706ebcb9a8cf57"));
            Assert.That(joined.Name, Is.EqualTo("John"));
            Assert.That(joined.ParticipantJid, Is.EqualTo("10a78ee2-5805-45fe-a99f-c147a8d07e77@8x8.vc"));
            Assert.That(joined.ParticipantId, Is.EqualTo("3988218d"));
            Assert.That(joined.Avatar, Is.EqualTo("https://link.to/user/avatar/picture"));
            Assert.That(joined.Email, Is.EqualTo("john.dow@company.com"));
            Assert.That(joined.Group, Is.Null);
            Assert.That(joined.IsBreakout, Is.Null);
            Assert.That(joined.RoomName, Is.EqualTo("lobbymeeting"));
        }
    }

    [Test]
    public void ParticipantLeftLobbyExample_CarriesDisconnectReason()
    {
        var left = ParseAs<ParticipantLeftLobby>(JaasEventTypes.ParticipantLeftLobby);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(left.Moderator, Is.False);
            Assert.That(left.HiddenFromRecorder, Is.False);
            Assert.That(left.DisconnectReason, Is.EqualTo("left"));
            Assert.That(left.UserId, Is.EqualTo("22efffd2458f483ab3706ebcb9a8cf57"));
            Assert.That(left.Name, Is.EqualTo("John"));
            // Copied as the reference prints it, one '-' short.
            Assert.That(left.ParticipantJid, Is.EqualTo("10a78ee2-5805-45fe-a99fc147a8d07e77@8x8.vc"));
            Assert.That(left.ParticipantId, Is.EqualTo("3988218d"));
            Assert.That(left.Email, Is.EqualTo("john.dow@company.com"));
        }
    }

    [Test]
    public void TranscriptionUploadedExample_CarriesTheLink()
    {
        var uploaded = ParseAs<TranscriptionUploaded>(JaasEventTypes.TranscriptionUploaded);

        Assert.That(uploaded.PreAuthenticatedLink, Is.EqualTo("https://link.to/transcriptions/file"));
    }

    [Test]
    public void ChatUploadedExample_CarriesTheLink()
    {
        var uploaded = ParseAs<ChatUploaded>(JaasEventTypes.ChatUploaded);

        Assert.That(uploaded.PreAuthenticatedLink, Is.EqualTo("https://link.to/chat/file"));
    }

    [Test]
    public void RecordingStartedExample_TakesTheLastOfItsTwoAppIds()
    {
        var started = ParseAs<RecordingStarted>(JaasEventTypes.RecordingStarted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(started.AppId, Is.EqualTo(C2824AppId));
            Assert.That(started.CustomerId, Is.EqualTo("143ce1379c35426aa80a902a0204ed09"));
            Assert.That(started.Conference, Is.EqualTo(C2824Conference));
        }
    }

    [Test]
    public void RecordingEndedExample_TakesTheLastOfItsTwoAppIds()
    {
        var ended = ParseAs<RecordingEnded>(JaasEventTypes.RecordingEnded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ended.AppId, Is.EqualTo(C2824AppId));
            Assert.That(ended.Conference, Is.EqualTo(C2824Conference));
            Assert.That(ended.Timestamp, Is.EqualTo(UnixMs(1623751329561)));
        }
    }

    [Test]
    public void RecordingUploadedExample_CarriesParticipantsDurationAndTimes()
    {
        var uploaded = ParseAs<RecordingUploaded>(JaasEventTypes.RecordingUploaded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uploaded.IdempotencyKey, Is.EqualTo("c2b42ad3d-12a6-5908-cf38-f21ae2451fc0"));
            Assert.That(uploaded.Participants, Is.EqualTo(new[]
            {
                new RecordingParticipant { Name = "Jane Doe", Avatar = "https://link.to/user/avatar/picture1", UserId = "uniqueUserIdentifier1" },
                new RecordingParticipant { Name = "John Doe ", Avatar = "https://link.to/user/avatar/picture2", UserId = "uniqueUserIdentifier2" },
            }));
            Assert.That(uploaded.PreAuthenticatedLink, Does.StartWith("https://objectstorage.us-phoenix-1.oraclecloud.com/").And.EndWith("testroom2_2020-09-24-12-01-07.mp4"));
            Assert.That(uploaded.Share, Is.True);
            Assert.That(uploaded.InitiatorId, Is.EqualTo("uniqueUserIdentifier1"));
            Assert.That(uploaded.DurationSec, Is.EqualTo(15));
            Assert.That(uploaded.StartTimestamp, Is.EqualTo(UnixMs(1612175247396)));
            Assert.That(uploaded.EndTimestamp, Is.EqualTo(UnixMs(1612175263000)));
            Assert.That(uploaded.RecordingSessionId, Is.EqualTo("nkdsnfkdfkjdsfdsjklds"));
        }
    }

    [Test]
    public void LiveStreamStartedExample_CarriesConference()
    {
        var started = ParseAs<LiveStreamStarted>(JaasEventTypes.LiveStreamStarted);

        Assert.That(started.Conference, Is.EqualTo(C2824Conference));
    }

    [Test]
    public void LiveStreamEndedExample_WithoutAppId_IsValidWithAppIdFromFqn()
    {
        var ended = ParseAs<LiveStreamEnded>(JaasEventTypes.LiveStreamEnded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ended.AppId, Is.Null);
            Assert.That(ended.FqnAppId, Is.EqualTo(C2824AppId));
            Assert.That(ended.Conference, Is.EqualTo(C2824Conference));
        }
    }

    [Test]
    public void SipCallInStartedExample_CarriesCaller()
    {
        var started = ParseAs<SipCallInStarted>(JaasEventTypes.SipCallInStarted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(started.SipAddress, Is.EqualTo("sip:username@somesipprovider.com"));
            Assert.That(started.ParticipantJid, Is.EqualTo("92b9a1d6-9339-4f42-b51e-a190a386140b@stage.8x8.vc"));
            Assert.That(started.ParticipantId, Is.EqualTo("10a78ee2"));
            Assert.That(started.Nick, Is.EqualTo("nickname"));
            Assert.That(started.RoomName, Is.EqualTo("sampleappshyadviceprograminside"));
        }
    }

    [Test]
    public void SipCallInEndedExample_CarriesParticipant()
    {
        var ended = ParseAs<SipCallInEnded>(JaasEventTypes.SipCallInEnded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ended.ParticipantJid, Is.EqualTo("92b9a1d6-9339-4f42-b51e-a190a386140b@stage.8x8.vc"));
            Assert.That(ended.ParticipantId, Is.EqualTo("10a78ee2"));
        }
    }

    [Test]
    public void SipCallOutStartedExample_CarriesCallee()
    {
        var started = ParseAs<SipCallOutStarted>(JaasEventTypes.SipCallOutStarted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(started.SipAddress, Is.EqualTo("sip:username@somesipprovider.com"));
            Assert.That(started.ParticipantJid, Is.EqualTo("92b9a1d6-9339-4f42-b51e-a190a386140b@stage.8x8.vc"));
            Assert.That(started.ParticipantId, Is.EqualTo("10a78ee2"));
            Assert.That(started.Nick, Is.EqualTo("nickname"));
        }
    }

    [Test]
    public void SipCallOutEndedExample_CarriesParticipant()
    {
        var ended = ParseAs<SipCallOutEnded>(JaasEventTypes.SipCallOutEnded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ended.ParticipantJid, Is.EqualTo("92b9a1d6-9339-4f42-b51e-a190a386140b@stage.8x8.vc"));
            Assert.That(ended.ParticipantId, Is.EqualTo("10a78ee2"));
        }
    }

    [Test]
    public void FeedbackExample_CarriesRatingCommentsAndUser()
    {
        var feedback = ParseAs<FeedbackSubmitted>(JaasEventTypes.Feedback);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(feedback.Rating, Is.EqualTo(5));
            Assert.That(feedback.Comments, Is.EqualTo("test feedback"));
            Assert.That(feedback.UserId, Is.EqualTo("cd4d177c-b342-41e6-a9b9-8be7ff0b0cc8"));
            Assert.That(feedback.AppId, Is.EqualTo("vpaas-magic-cookie-143ce1379c35426aa80a902a0204ed09"));
        }
    }

    [Test]
    public void DialInStartedExample_CarriesDirectionAndCaller()
    {
        var started = ParseAs<DialInStarted>(JaasEventTypes.DialInStarted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(started.Direction, Is.EqualTo("in"));
            Assert.That(started.Nick, Is.EqualTo("40364630871 (+40364630871)"));
            Assert.That(started.ParticipantJid, Is.EqualTo("47bc002e-3473-4e39-8001-c487e0622542@stage.8x8.vc"));
            Assert.That(started.ParticipantId, Is.EqualTo("47bc002e"));
            Assert.That(started.SessionId, Is.EqualTo("c808aef2-9bb0-4328-ae1a-dd8bac4dbc66"));
        }
    }

    [Test]
    public void DialInEndedExample_CarriesParticipant()
    {
        var ended = ParseAs<DialInEnded>(JaasEventTypes.DialInEnded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ended.ParticipantJid, Is.EqualTo("47bc002e-3473-4e39-8001-c487e0622542@stage.8x8.vc"));
            Assert.That(ended.ParticipantId, Is.EqualTo("47bc002e"));
        }
    }

    [Test]
    public void DialOutStartedExample_CarriesDirectionAndCallee()
    {
        var started = ParseAs<DialOutStarted>(JaasEventTypes.DialOutStarted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(started.Direction, Is.EqualTo("out"));
            Assert.That(started.Nick, Is.EqualTo("40364630871 (+40364630871)"));
            Assert.That(started.ParticipantJid, Is.EqualTo("47bc002e-3473-4e39-8001-c487e0622542@stage.8x8.vc"));
            Assert.That(started.ParticipantId, Is.EqualTo("47bc002e"));
        }
    }

    [Test]
    public void DialOutEndedExample_CarriesParticipant()
    {
        var ended = ParseAs<DialOutEnded>(JaasEventTypes.DialOutEnded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ended.ParticipantJid, Is.EqualTo("47bc002e-3473-4e39-8001-c487e0622542@stage.8x8.vc"));
            Assert.That(ended.ParticipantId, Is.EqualTo("47bc002e"));
        }
    }

    [Test]
    public void UsageExample_CarriesItsOneEntry()
    {
        var usage = ParseAs<UsageReported>(JaasEventTypes.Usage);

        Assert.That(usage.Entries, Is.EqualTo(new[]
        {
            new UsageEntry
            {
                CustomerId = "1d2e6a201d594c8f87a630e3f70826d2",
                DeviceId = "349304d3627f59eac2015f29a9ade613",
                Email = "user@test.com",
                Kid = "vpaas-magic-cookie-1d2e6a201d594c8f87a630e3f70826d2/5b3c5a",
                UserId = "google-oauth2|114025754820379595029",
                CallDirection = null,
            },
        }));
    }

    [Test]
    public void SpeakerStatsExample_CarriesTwoSpeakersKeyedByJid()
    {
        var stats = ParseAs<SpeakerStatsReported>(JaasEventTypes.SpeakerStats);

        Assert.That(stats.Speakers, Is.EqualTo(new[]
        {
            new SpeakerStat
            {
                Jid = "d8d82941-dc81-4c34-a4f7-6012d7dfb30c@8x8.vc/66wbG6MC",
                Time = 10089,
                UserId = "google-oauth2|114025754820379595029",
                Name = "Test user 1",
                Email = "test.user1@mail.com",
            },
            new SpeakerStat
            {
                Jid = "84d90bac-22ab-4ea1-af98-967450b81d99@8x8.vc/N6GjCJU9",
                Time = 11277,
                UserId = "google-oauth2|114025754820379595030",
                Name = "Test user 2",
                Email = "test.user2@mail.com",
            },
        }));
    }

    [Test]
    public void PollCreatedExample_WithoutAppId_CarriesQuestionAnswersAndUser()
    {
        var created = ParseAs<PollCreated>(JaasEventTypes.PollCreated);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.AppId, Is.Null);
            Assert.That(created.Timestamp, Is.EqualTo(UnixMs(1636107397904)));
            Assert.That(created.PollId, Is.EqualTo("9fpjw0bmwf"));
            Assert.That(created.Question, Is.EqualTo("What is your opinion about ... ?"));
            Assert.That(created.Answers, Is.EqualTo(Enumerable.Range(1, 4)
                .Select(key => new PollAnswerOption { Key = key, Name = $"Answer {key}" })));
            Assert.That(created.User, Is.EqualTo(ReferencePollUser));
            Assert.That(created.IsBreakout, Is.True);
            Assert.That(created.BreakoutRoomId, Is.EqualTo(BreakoutRoomId));
        }
    }

    [Test]
    public void PollAnswerExample_WithoutAppId_CarriesWhichAnswersWereChecked()
    {
        var answered = ParseAs<PollAnswered>(JaasEventTypes.PollAnswer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answered.AppId, Is.Null);
            Assert.That(answered.PollId, Is.EqualTo("9fpjw0bmwf"));
            Assert.That(answered.Answers, Is.EqualTo(new[]
            {
                new PollAnswerOption { Key = 1, Name = "Answer 1", Checked = false },
                new PollAnswerOption { Key = 2, Name = "Answer 2", Checked = true },
                new PollAnswerOption { Key = 3, Name = "Answer 3", Checked = false },
                new PollAnswerOption { Key = 4, Name = "Answer 4", Checked = true },
            }));
            Assert.That(answered.User, Is.EqualTo(ReferencePollUser));
            Assert.That(answered.IsBreakout, Is.True);
            Assert.That(answered.BreakoutRoomId, Is.EqualTo(BreakoutRoomId));
        }
    }

    [Test]
    public void ReactionsExample_CarriesSenderAndReactions()
    {
        var sent = ParseAs<ReactionsSent>(JaasEventTypes.Reactions);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.ParticipantId, Is.EqualTo("114025754820379595029"));
            Assert.That(sent.ParticipantJid, Is.EqualTo("5e06d899-a16f-4775-84f5-4ddf28015301@8x8.vc/1H9RJFvI"));
            Assert.That(sent.ParticipantName, Is.EqualTo("Test user"));
            Assert.That(sent.Reactions, Is.EqualTo(new[] { "surprised" }));
        }
    }

    [Test]
    public void AggregatedReactionsExample_CarriesThreeTimedReactions()
    {
        var aggregated = ParseAs<ReactionsAggregated>(JaasEventTypes.AggregatedReactions);

        Assert.That(aggregated.Reactions, Is.EqualTo(new[]
        {
            new ReactionEntry { ParticipantId = "114025754820379595029", ParticipantName = "Test user 1", Timestamp = UnixMs(1648810299482), Reaction = "surprised" },
            new ReactionEntry { ParticipantId = "114025754820379595029", ParticipantName = "Test user 1", Timestamp = UnixMs(1648810301066), Reaction = "silence" },
            new ReactionEntry { ParticipantId = "114025754820379595030", ParticipantName = "Test user 2", Timestamp = UnixMs(1648810305680), Reaction = "like" },
        }));
    }

    [Test]
    public void ScreenSharingHistoryExample_CarriesLinkAndExpiry()
    {
        var history = ParseAs<ScreenSharingHistoryUploaded>(JaasEventTypes.ScreenSharingHistory);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(history.PreAuthenticatedLink, Is.EqualTo(
                "https://8x8.vc/v1/_jaas/vo-content-sharing-history/v1/file-metadata/jaas/d34b2e53-1b70-4d20-a511-444521ce3e2a?X-JaaS-Key=6ca1e11fe2bb-2b4f-123a-9499-6ca1e11fe2bb"));
            Assert.That(history.PreAuthenticatedLinkV2, Is.Null);
            Assert.That(history.LinkExpiration, Is.EqualTo(UnixMs(1648983143647)));
        }
    }

    [Test]
    public void VideoSegmentUploadedExample_CarriesLinkAndSegmentTimes()
    {
        var segment = ParseAs<VideoSegmentUploaded>(JaasEventTypes.VideoSegmentUploaded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(segment.PreAuthenticatedLink, Does.StartWith("https://objectstorage.eu-frankfurt-1.oraclecloud.com/").And.EndWith("8e9d7e87-a150-4901-bc01-851e093b6136.mp4"));
            Assert.That(segment.LinkExpiration, Is.Null);
            Assert.That(segment.StartTimestamp, Is.EqualTo(UnixMs(1648810728279)));
            Assert.That(segment.EndTimestamp, Is.EqualTo(UnixMs(1648810818279)));
            Assert.That(segment.EndTimestamp - segment.StartTimestamp, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(segment.RecordingSessionId, Is.EqualTo("nkdsnfkdfkjdsfdsjklds"));
        }
    }

    [Test]
    public void RoleChangedExample_CarriesRoleAndBothParties()
    {
        var changed = ParseAs<RoleChanged>(JaasEventTypes.RoleChanged);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed.Role, Is.EqualTo("moderator"));
            Assert.That(changed.GrantedTo, Is.EqualTo(new RoleGrantParty { ParticipantJid = "77cc1552-bb8e-4aba-be7f-4f17992ab1bc@8x8.vc/oGHh5j2yMsyj" }));
            Assert.That(changed.GrantedBy, Is.EqualTo(new RoleGrantParty { ParticipantJid = "9a7f7974-b7f9-4037-b0fd-517d148eac08@8x8.vc/dF6pUxzZMaFk" }));
        }
    }

    [Test]
    public void RtcStatsUploadedExample_CarriesStatsUrlAndParticipant()
    {
        var uploaded = ParseAs<RtcStatsUploaded>(JaasEventTypes.RtcStatsUploaded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uploaded.StatsUrl, Does.StartWith("https://jitsi-micros-rtcstats-server.s3.us-west-2.amazonaws.com/fq21314-r1234-fefwe-31gga-2aab57bc904b.gz?")
                .And.EndWith("Un8kUv5W1kkA8n5JBABQ"));
            Assert.That(uploaded.ParticipantId, Is.EqualTo("114025754820379595029"));
            Assert.That(uploaded.ParticipantName, Is.EqualTo("Test user"));
            Assert.That(uploaded.EndpointId, Is.EqualTo("231ffc"));
            Assert.That(uploaded.RoomName, Is.EqualTo("automation"));
        }
    }

    [Test]
    public void TranscriptionChunkReceivedExample_CarriesPhraseAndSpeaker()
    {
        var chunk = ParseAs<TranscriptionChunkReceived>(JaasEventTypes.TranscriptionChunkReceived);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(chunk.IdempotencyKey, Is.EqualTo("e95c6d20-41e3-4944-9c37-46b786abf1113"));
            Assert.That(chunk.Final, Is.EqualTo(" This is a final transcription phrase."));
            Assert.That(chunk.Language, Is.EqualTo("en"));
            Assert.That(chunk.MessageId, Is.EqualTo("018c57d5-c800-72db-94fe-454a891790f3"));
            Assert.That(chunk.Participant, Is.EqualTo(new TranscriptionParticipant
            {
                ParticipantId = "abcd1234",
                Name = "Jane Doe",
                UserId = "abcdefgh-1234-5678-abcd-9012345abcde",
                Email = "jane@doe.com",
                AvatarUrl = "https://www.gravatar.com/avatar/a1b2c3d4e5?d=wavatar&size=200",
            }));
        }
    }

    [Test]
    public void DocumentAddedExample_CarriesFileAndTimes()
    {
        var added = ParseAs<DocumentAdded>(JaasEventTypes.DocumentAdded);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added.PreAuthenticatedLink, Does.StartWith("https://objectstorage.eu-frankfurt-1.oraclecloud.com/").And.EndWith("1d4d5220-7d4b-4bf4-b125-6c4daf8754c5.png"));
            Assert.That(added.FileName, Is.EqualTo("Screenshot 2025-06-30 at 16.03.37.png"));
            Assert.That(added.FileId, Is.EqualTo("1d4d5220-7d4b-4bf4-b125-6c4daf8754c5"));
            Assert.That(added.LinkExpiration, Is.EqualTo(UnixMs(1751375450905)));
            Assert.That(added.FileSize, Is.EqualTo(510460));
            Assert.That(added.InitiatorId, Is.EqualTo("auth0|68552f5520ac82f00451858d"));
            Assert.That(added.FileCreatedAt, Is.EqualTo(UnixMs(1751289043562)));
            Assert.That(added.RoomName, Is.EqualTo("transcript300card"));
        }
    }

    [Test]
    public void DocumentDeletedExample_CarriesFile()
    {
        var deleted = ParseAs<DocumentDeleted>(JaasEventTypes.DocumentDeleted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted.InitiatorId, Is.EqualTo("auth0|68552f5520ac82f00451858d"));
            Assert.That(deleted.FileId, Is.EqualTo("1d4d5220-7d4b-4bf4-b125-6c4daf8754c5"));
            Assert.That(deleted.FileName, Is.EqualTo("Screenshot 2025-06-30 at 16.03.37.png"));
        }
    }

    private static readonly PollUser ReferencePollUser = new()
    {
        ParticipantJid = "a7b62236-d3de-40a3-a879-01fc76759fb1@dev-brt.8x8.vc",
        CurrentName = "My Current Name",
        UserId = "8847db5c-7093-4f93-b91a-4186c10e2e72",
        Name = "Jwt Name",
        Email = "a@b.com",
    };
}
