using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Analytics;

/// <summary>The analytics service's settings (section <c>Analytics</c>; its database is <c>Analytics:Database</c>).</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// The folder the media-artifacts service stores files in (the same folder in the embedded default; a shared
    /// volume in production). Statistics files are read from there.
    /// </summary>
    [Description("Folder the statistics files are read from: the folder the media-artifacts service stores them in (a shared volume when they run on different machines); relative to the folder the host is started in.")]
    public string ArtifactStorageRoot { get; set; } = "./data/artifacts";

    /// <summary>How often the call-quality worker looks for statistics files still to summarize (it is also woken at once).</summary>
    [Description("How often the call-quality worker looks for statistics files still to summarize (it is also woken by each new one); more than 0, at most 1 hour.")]
    public TimeSpan QualityPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Attempts at reading a statistics file before it is marked failed. An attempt is counted before the file is read,
    /// so a file whose reading killed the process (an out-of-memory kill) is given up after this many starts too.
    /// </summary>
    [Description("Reads of a statistics file before it is marked failed (1 to 100); each is counted as it begins, so a file whose reading ended the process is given up too.")]
    public int QualityMaxAttempts { get; set; } = 5;

    /// <summary>The longest line of a statistics file that is read (real lines are under 100 KB); longer lines are skipped and counted.</summary>
    [Description("Longest line of a statistics file that is read, in bytes; longer lines are skipped and the file marked limited.")]
    public int QualityMaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>Connections (PC_0, PC_1, …) tracked per statistics file (real files have under 10); entries of further ones are skipped.</summary>
    [Description("Connections tracked per statistics file; entries of further connections are skipped and the file marked limited.")]
    public int QualityMaxConnections { get; set; } = 64;

    /// <summary>getstats reports tracked per statistics file, over all its connections (real files hold a few hundred at once).</summary>
    [Description("getstats reports tracked per statistics file, over all its connections; further reports are not tracked and the file marked limited.")]
    public int QualityMaxReports { get; set; } = 10_000;

    /// <summary>Decompressed bytes read per statistics file (real files are a few MB): a gzip bomb stops here.</summary>
    [Description("Decompressed bytes read per statistics file; reading stops there and the file is marked limited.")]
    public long QualityMaxDecompressedBytes { get; set; } = 1L << 30;

    /// <summary>Time spent reading one statistics file (a 3.5 MB file takes about a second).</summary>
    [Description("Time spent reading one statistics file; reading stops there and the file is marked limited.")]
    public TimeSpan QualityMaxReadTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after RECORDING_ENDED its RECORDING_UPLOADED may take before the meeting has a recording-not-uploaded gap (JaaS usually uploads within a minute of the room ending).</summary>
    [Description("How long after RECORDING_ENDED a RECORDING_UPLOADED may take before the meeting shows a recording-not-uploaded gap; more than 0, at most 30 days.")]
    public TimeSpan GapRecordingUploadWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after ROOM_DESTROYED a participant whose last presence event is a join may wait for its leave (a reconnect's leave can arrive late).</summary>
    [Description("How long after ROOM_DESTROYED a participant whose last presence event is a join is given for its PARTICIPANT_LEFT before a participant-without-leave gap; more than 0, at most 30 days.")]
    public TimeSpan GapLeaveGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after ROOM_CREATED a meeting may go without ROOM_DESTROYED (meetings longer than this are flagged).</summary>
    [Description("How long after ROOM_CREATED a meeting may go without ROOM_DESTROYED before a room-not-destroyed gap; more than 0, at most 30 days.")]
    public TimeSpan GapRoomDestroyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long after ROOM_DESTROYED a transcribed meeting may wait for TRANSCRIPTION_UPLOADED.</summary>
    [Description("How long after ROOM_DESTROYED a meeting with transcription chunks may go without TRANSCRIPTION_UPLOADED before a transcript-not-uploaded gap; more than 0, at most 30 days.")]
    public TimeSpan GapTranscriptUploadWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the gap worker looks for meetings due for evaluation (events do not wake it; see MeetingGapWorker).</summary>
    [Description("How often the gap worker looks for meetings whose events changed or whose gap windows ended (it is not woken by events: a meeting is evaluated once per pass, however many events it got); more than 0, at most 1 hour.")]
    public TimeSpan GapPollInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>One line per bad setting, naming the key.</summary>
public sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ArtifactStorageRoot))
        {
            failures.Add("Analytics:ArtifactStorageRoot must name a folder (e.g. ./data/artifacts).");
        }

        if (options.QualityPollInterval <= TimeSpan.Zero || options.QualityPollInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Analytics:QualityPollInterval must be positive and at most one hour (e.g. 00:00:05).");
        }

        if (options.QualityMaxAttempts is < 1 or > 100)
        {
            failures.Add("Analytics:QualityMaxAttempts must be between 1 and 100.");
        }

        if (options.QualityMaxLineBytes is < 64 * 1024 or > 256 * 1024 * 1024)
        {
            failures.Add("Analytics:QualityMaxLineBytes must be between 65536 and 268435456 (bytes).");
        }

        if (options.QualityMaxConnections is < 1 or > 100_000)
        {
            failures.Add("Analytics:QualityMaxConnections must be between 1 and 100000.");
        }

        if (options.QualityMaxReports is < 1 or > 10_000_000)
        {
            failures.Add("Analytics:QualityMaxReports must be between 1 and 10000000.");
        }

        if (options.QualityMaxDecompressedBytes < 1024 * 1024)
        {
            failures.Add("Analytics:QualityMaxDecompressedBytes must be at least 1048576 (bytes).");
        }

        if (options.QualityMaxReadTime <= TimeSpan.Zero || options.QualityMaxReadTime > TimeSpan.FromHours(1))
        {
            failures.Add("Analytics:QualityMaxReadTime must be positive and at most one hour (e.g. 00:02:00).");
        }

        foreach (var (key, window) in new[]
                 {
                     ("GapRecordingUploadWindow", options.GapRecordingUploadWindow), ("GapLeaveGrace", options.GapLeaveGrace),
                     ("GapRoomDestroyWindow", options.GapRoomDestroyWindow), ("GapTranscriptUploadWindow", options.GapTranscriptUploadWindow),
                 })
        {
            if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(30))
            {
                failures.Add($"Analytics:{key} must be positive and at most 30 days (e.g. 01:00:00).");
            }
        }

        if (options.GapPollInterval <= TimeSpan.Zero || options.GapPollInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Analytics:GapPollInterval must be positive and at most one hour (e.g. 00:00:30).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
