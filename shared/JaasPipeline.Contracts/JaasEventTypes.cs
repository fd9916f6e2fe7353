using System.Collections.Frozen;

namespace JaasPipeline.Contracts;

/// <summary>The webhook eventType names of the JaaS reference, and the record each one is parsed into.</summary>
public static class JaasEventTypes
{
    public const string RoomCreated = "ROOM_CREATED";
    public const string RoomDestroyed = "ROOM_DESTROYED";
    public const string ParticipantJoined = "PARTICIPANT_JOINED";
    public const string ParticipantLeft = "PARTICIPANT_LEFT";
    public const string ParticipantJoinedLobby = "PARTICIPANT_JOINED_LOBBY";
    public const string ParticipantLeftLobby = "PARTICIPANT_LEFT_LOBBY";
    public const string TranscriptionUploaded = "TRANSCRIPTION_UPLOADED";
    public const string ChatUploaded = "CHAT_UPLOADED";
    public const string RecordingStarted = "RECORDING_STARTED";
    public const string RecordingEnded = "RECORDING_ENDED";
    public const string RecordingUploaded = "RECORDING_UPLOADED";
    public const string LiveStreamStarted = "LIVE_STREAM_STARTED";
    public const string LiveStreamEnded = "LIVE_STREAM_ENDED";
    public const string SipCallInStarted = "SIP_CALL_IN_STARTED";
    public const string SipCallInEnded = "SIP_CALL_IN_ENDED";
    public const string SipCallOutStarted = "SIP_CALL_OUT_STARTED";
    public const string SipCallOutEnded = "SIP_CALL_OUT_ENDED";
    public const string Feedback = "FEEDBACK";
    public const string DialInStarted = "DIAL_IN_STARTED";
    public const string DialInEnded = "DIAL_IN_ENDED";
    public const string DialOutStarted = "DIAL_OUT_STARTED";
    public const string DialOutEnded = "DIAL_OUT_ENDED";
    public const string Usage = "USAGE";
    public const string SpeakerStats = "SPEAKER_STATS";
    public const string PollCreated = "POLL_CREATED";
    public const string PollAnswer = "POLL_ANSWER";
    public const string Reactions = "REACTIONS";
    public const string AggregatedReactions = "AGGREGATED_REACTIONS";
    public const string ScreenSharingHistory = "SCREEN_SHARING_HISTORY";
    public const string VideoSegmentUploaded = "VIDEO_SEGMENT_UPLOADED";
    public const string RoleChanged = "ROLE_CHANGED";
    public const string RtcStatsUploaded = "RTCSTATS_UPLOADED";
    public const string TranscriptionChunkReceived = "TRANSCRIPTION_CHUNK_RECEIVED";
    public const string DocumentAdded = "DOCUMENT_ADDED";
    public const string DocumentDeleted = "DOCUMENT_DELETED";

    /// <summary>Every eventType above mapped to the <see cref="JaasEvent"/> record it becomes (ordinal, case-sensitive).</summary>
    public static IReadOnlyDictionary<string, Type> RecordTypes { get; } =
        JaasEventCatalog.Entries.ToFrozenDictionary(entry => entry.Key, entry => entry.Value.RecordType, StringComparer.Ordinal);
}
