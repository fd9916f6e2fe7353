namespace JaasPipeline.Analytics.Gaps;

/// <summary>The kinds of gap a meeting can have (the API's <c>kind</c> and the metrics' <c>kind</c> tag).</summary>
public static class GapKinds
{
    /// <summary>RECORDING_ENDED and no RECORDING_UPLOADED within <c>Analytics:GapRecordingUploadWindow</c> after it.</summary>
    public const string RecordingNotUploaded = "recording-not-uploaded";

    /// <summary>A participant whose last presence event is a join, <c>Analytics:GapLeaveGrace</c> after ROOM_DESTROYED.</summary>
    public const string ParticipantWithoutLeave = "participant-without-leave";

    /// <summary>ROOM_CREATED and no ROOM_DESTROYED within <c>Analytics:GapRoomDestroyWindow</c>.</summary>
    public const string RoomNotDestroyed = "room-not-destroyed";

    /// <summary>Transcription chunks and no TRANSCRIPTION_UPLOADED within <c>Analytics:GapTranscriptUploadWindow</c> after ROOM_DESTROYED.</summary>
    public const string TranscriptNotUploaded = "transcript-not-uploaded";

    /// <summary>A link that expired before the media-artifacts service could store its file.</summary>
    public const string ArtifactLost = "artifact-lost";

    /// <summary>A statistics file that could not be summarized (call-quality status missing or failed).</summary>
    public const string StatsUnreadable = "stats-unreadable";

    public static readonly IReadOnlyList<string> All =
        [RecordingNotUploaded, ParticipantWithoutLeave, RoomNotDestroyed, TranscriptNotUploaded, ArtifactLost, StatsUnreadable];
}
