namespace JaasPipeline.Analytics.Gaps;

/// <summary>How long after its evidence each kind of gap waits for the event that would fill it (<see cref="AnalyticsOptions"/>).</summary>
public sealed record GapWindows(TimeSpan RecordingUpload, TimeSpan LeaveGrace, TimeSpan RoomDestroy, TimeSpan TranscriptUpload)
{
    public static GapWindows From(AnalyticsOptions options) =>
        new(options.GapRecordingUploadWindow, options.GapLeaveGrace, options.GapRoomDestroyWindow, options.GapTranscriptUploadWindow);
}
