using System.Collections.Frozen;
using System.Text.Json;

namespace JaasPipeline.Contracts;

/// <summary>For each known eventType: its record, the JSON kind its <c>data</c> must have, and how to read that data.</summary>
internal static class JaasEventCatalog
{
    /// <summary>How one eventType is read. <see cref="Read"/> gets an undefined element when <c>data</c> is missing or null.</summary>
    internal sealed record Entry(Type RecordType, JsonValueKind DataKind, Func<JsonElement, JaasEvent> Read);

    public static readonly FrozenDictionary<string, Entry> Entries = new Dictionary<string, Entry>
    {
        [JaasEventTypes.RoomCreated] = FromObject(data => new RoomCreated
        {
            Conference = data.String("conference"),
            IsBreakout = data.Bool("isBreakout"),
            BreakoutRoomId = data.String("breakoutRoomId"),
        }),
        [JaasEventTypes.RoomDestroyed] = FromObject(data => new RoomDestroyed
        {
            Conference = data.String("conference"),
            IsBreakout = data.Bool("isBreakout"),
            BreakoutRoomId = data.String("breakoutRoomId"),
        }),
        [JaasEventTypes.ParticipantJoined] = FromParticipant(_ => new ParticipantJoined()),
        [JaasEventTypes.ParticipantLeft] = FromParticipant(data => new ParticipantLeft { DisconnectReason = data.String("disconnectReason") }),
        [JaasEventTypes.ParticipantJoinedLobby] = FromParticipant(_ => new ParticipantJoinedLobby()),
        [JaasEventTypes.ParticipantLeftLobby] = FromParticipant(data => new ParticipantLeftLobby { DisconnectReason = data.String("disconnectReason") }),
        [JaasEventTypes.TranscriptionUploaded] = FromObject(data => new TranscriptionUploaded { PreAuthenticatedLink = data.String("preAuthenticatedLink") }),
        [JaasEventTypes.ChatUploaded] = FromObject(data => new ChatUploaded { PreAuthenticatedLink = data.String("preAuthenticatedLink") }),
        [JaasEventTypes.RecordingStarted] = FromObject(data => new RecordingStarted { Conference = data.String("conference") }),
        [JaasEventTypes.RecordingEnded] = FromObject(data => new RecordingEnded { Conference = data.String("conference") }),
        [JaasEventTypes.RecordingUploaded] = FromObject(data => new RecordingUploaded
        {
            Participants = data.ObjectList("participants", participant => new RecordingParticipant
            {
                Name = participant.String("name"),
                Avatar = participant.String("avatar"),
                UserId = participant.String("id"),
            }),
            PreAuthenticatedLink = data.String("preAuthenticatedLink"),
            Share = data.Bool("share"),
            InitiatorId = data.String("initiatorId"),
            DurationSec = data.Long("durationSec"),
            StartTimestamp = data.UnixMs("startTimestamp"),
            EndTimestamp = data.UnixMs("endTimestamp"),
            RecordingSessionId = data.String("recordingSessionId"),
        }),
        [JaasEventTypes.LiveStreamStarted] = FromObject(data => new LiveStreamStarted { Conference = data.String("conference") }),
        [JaasEventTypes.LiveStreamEnded] = FromObject(data => new LiveStreamEnded { Conference = data.String("conference") }),
        [JaasEventTypes.SipCallInStarted] = FromObject(data => new SipCallInStarted
        {
            SipAddress = data.String("sipAddress"),
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
            Nick = data.String("nick"),
        }),
        [JaasEventTypes.SipCallInEnded] = FromObject(data => new SipCallInEnded
        {
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
        }),
        [JaasEventTypes.SipCallOutStarted] = FromObject(data => new SipCallOutStarted
        {
            SipAddress = data.String("sipAddress"),
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
            Nick = data.String("nick"),
        }),
        [JaasEventTypes.SipCallOutEnded] = FromObject(data => new SipCallOutEnded
        {
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
        }),
        [JaasEventTypes.Feedback] = FromObject(data => new FeedbackSubmitted
        {
            Rating = data.Int("rating"),
            Comments = data.String("comments"),
            UserId = data.String("userId"),
        }),
        [JaasEventTypes.DialInStarted] = FromObject(data => new DialInStarted
        {
            Direction = data.String("direction"),
            Nick = data.String("nick"),
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
        }),
        [JaasEventTypes.DialInEnded] = FromObject(data => new DialInEnded
        {
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
        }),
        [JaasEventTypes.DialOutStarted] = FromObject(data => new DialOutStarted
        {
            Direction = data.String("direction"),
            Nick = data.String("nick"),
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
        }),
        [JaasEventTypes.DialOutEnded] = FromObject(data => new DialOutEnded
        {
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
        }),
        // Reference: USAGE data is a list, not an object.
        [JaasEventTypes.Usage] = FromArray(data => new UsageReported
        {
            Entries = data.ObjectItems(entry => new UsageEntry
            {
                CustomerId = entry.String("customerId"),
                DeviceId = entry.String("deviceId"),
                Email = entry.String("email"),
                Kid = entry.String("kid"),
                UserId = entry.String("userId"),
                CallDirection = entry.String("callDirection"),
            }),
        }),
        // Reference: SPEAKER_STATS data is a map keyed by each participant's full JID.
        [JaasEventTypes.SpeakerStats] = FromObject(data => new SpeakerStatsReported
        {
            Speakers = data.ValueKind == JsonValueKind.Object
                ? [.. data.EnumerateObject().Where(member => member.Value.ValueKind == JsonValueKind.Object).Select(member => new SpeakerStat
                {
                    Jid = member.Name,
                    Name = member.Value.String("name"),
                    Email = member.Value.String("email"),
                    Avatar = member.Value.String("avatar"),
                    UserId = member.Value.String("id"),
                    Time = member.Value.Long("time"),
                })]
                : [],
        }),
        [JaasEventTypes.PollCreated] = FromObject(data => new PollCreated
        {
            PollId = data.String("pollId"),
            Question = data.String("question"),
            Answers = data.ObjectList("answers", ReadPollAnswer),
            User = ReadPollUser(data.Object("user")),
            IsBreakout = data.Bool("isBreakout"),
            BreakoutRoomId = data.String("breakoutRoomId"),
        }),
        [JaasEventTypes.PollAnswer] = FromObject(data => new PollAnswered
        {
            PollId = data.String("pollId"),
            Answers = data.ObjectList("answers", ReadPollAnswer),
            User = ReadPollUser(data.Object("user")),
            IsBreakout = data.Bool("isBreakout"),
            BreakoutRoomId = data.String("breakoutRoomId"),
        }),
        [JaasEventTypes.Reactions] = FromObject(data => new ReactionsSent
        {
            ParticipantId = data.String("participantId"),
            ParticipantJid = data.String("participantJid"),
            ParticipantName = data.String("participantName"),
            Reactions = data.StringList("reactions"),
        }),
        // Reference: AGGREGATED_REACTIONS data is a list, not an object.
        [JaasEventTypes.AggregatedReactions] = FromArray(data => new ReactionsAggregated
        {
            Reactions = data.ObjectItems(reaction => new ReactionEntry
            {
                ParticipantId = reaction.String("participantId"),
                ParticipantName = reaction.String("participantName"),
                Timestamp = reaction.UnixMs("timestamp"),
                Reaction = reaction.String("reaction"),
            }),
        }),
        [JaasEventTypes.ScreenSharingHistory] = FromObject(data => new ScreenSharingHistoryUploaded
        {
            PreAuthenticatedLink = data.String("preAuthenticatedLink"),
            PreAuthenticatedLinkV2 = data.String("preAuthenticatedLinkV2"),
            LinkExpiration = data.UnixMs("linkExpiration"),
        }),
        [JaasEventTypes.VideoSegmentUploaded] = FromObject(data => new VideoSegmentUploaded
        {
            PreAuthenticatedLink = data.String("preAuthenticatedLink"),
            LinkExpiration = data.UnixMs("linkExpiration"),
            StartTimestamp = data.UnixMs("startTimestamp"),
            EndTimestamp = data.UnixMs("endTimestamp"),
            RecordingSessionId = data.String("recordingSessionId"),
        }),
        [JaasEventTypes.RoleChanged] = FromObject(data => new RoleChanged
        {
            Role = data.String("role"),
            GrantedBy = ReadRoleGrantParty(data.Object("grantedBy")),
            GrantedTo = ReadRoleGrantParty(data.Object("grantedTo")),
        }),
        [JaasEventTypes.RtcStatsUploaded] = FromObject(data => new RtcStatsUploaded
        {
            StatsUrl = data.String("statsUrl"),
            ParticipantId = data.String("participantId"),
            ParticipantName = data.String("participantName"),
            EndpointId = data.String("endpointId"),
        }),
        [JaasEventTypes.TranscriptionChunkReceived] = FromObject(data => new TranscriptionChunkReceived
        {
            Final = data.String("final"),
            Language = data.String("language"),
            MessageId = data.String("messageID"),
            Participant = data.Object("participant") is { ValueKind: JsonValueKind.Object } participant
                ? new TranscriptionParticipant
                {
                    ParticipantId = participant.String("id"),
                    Name = participant.String("name"),
                    UserId = participant.String("userId"),
                    Email = participant.String("email"),
                    AvatarUrl = participant.String("avatarUrl"),
                }
                : null,
        }),
        [JaasEventTypes.DocumentAdded] = FromObject(data => new DocumentAdded
        {
            PreAuthenticatedLink = data.String("preAuthenticatedLink"),
            LinkExpiration = data.UnixMs("linkExpiration"),
            FileName = data.String("fileName"),
            FileId = data.String("fileId"),
            FileSize = data.Long("fileSize"),
            InitiatorId = data.String("initiatorId"),
            FileCreatedAt = data.UnixMs("fileCreatedAt"),
        }),
        [JaasEventTypes.DocumentDeleted] = FromObject(data => new DocumentDeleted
        {
            InitiatorId = data.String("initiatorId"),
            FileId = data.String("fileId"),
            FileName = data.String("fileName"),
        }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static Entry FromObject<T>(Func<JsonElement, T> read) where T : JaasEvent =>
        new(typeof(T), JsonValueKind.Object, read);

    private static Entry FromArray<T>(Func<JsonElement, T> read) where T : JaasEvent =>
        new(typeof(T), JsonValueKind.Array, read);

    // The four presence events share their fields; only what differs is read by the caller.
    private static Entry FromParticipant<T>(Func<JsonElement, T> read) where T : ParticipantEvent =>
        FromObject(data => (T)((ParticipantEvent)read(data) with
        {
            Moderator = data.Bool("moderator"),
            Name = data.String("name"),
            Group = data.String("group"),
            Email = data.String("email"),
            UserId = data.String("id"),
            ParticipantJid = data.String("participantJid"),
            ParticipantId = data.String("participantId"),
            Avatar = data.String("avatar"),
            IsBreakout = data.Bool("isBreakout"),
            BreakoutRoomId = data.String("breakoutRoomId"),
            HiddenFromRecorder = data.Bool("hidden-from-recorder"),
        }));

    private static PollAnswerOption ReadPollAnswer(JsonElement answer) => new()
    {
        Key = answer.Int("key"),
        Name = answer.String("name"),
        Checked = answer.Bool("value"),
    };

    private static PollUser? ReadPollUser(JsonElement user) => user.ValueKind != JsonValueKind.Object ? null : new()
    {
        ParticipantJid = user.String("participantJid"),
        CurrentName = user.String("currentName"),
        UserId = user.String("id"),
        Name = user.String("name"),
        Email = user.String("email"),
    };

    private static RoleGrantParty? ReadRoleGrantParty(JsonElement party) =>
        party.ValueKind != JsonValueKind.Object ? null : new() { ParticipantJid = party.String("participantJid") };
}
