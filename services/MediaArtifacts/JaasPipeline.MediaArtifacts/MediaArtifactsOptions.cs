using System.ComponentModel;
using JaasPipeline.MediaArtifacts.Download;
using Microsoft.Extensions.Options;

namespace JaasPipeline.MediaArtifacts;

/// <summary>The media-artifacts settings (section <c>MediaArtifacts</c>).</summary>
public sealed class MediaArtifactsOptions
{
    public const string Section = "MediaArtifacts";

    /// <summary>JaaS's storage hosts: 8x8.vc and its subdomains, Oracle Cloud object storage, Amazon S3.</summary>
    public const string DefaultAllowedHostList = ".8x8.vc, objectstorage.*.oraclecloud.com, *.amazonaws.com";

    public static readonly IReadOnlyList<string> DefaultAllowedHosts = DefaultAllowedHostList.Split(", ");

    /// <summary>Root folder of the filesystem artifact store.</summary>
    [Description("Folder of the filesystem artifact store; relative to the folder the host is started in.")]
    public string StorageRoot { get; set; } = "data/artifacts";

    /// <summary>Hosts links may point at (null = <see cref="DefaultAllowedHosts"/>; the binder would append to a non-empty default).</summary>
    [DefaultValue(DefaultAllowedHostList)]
    [Description("Hosts links may point at: .domain = it and its subdomains, *.domain = its subdomains, * = one label; an exact host is trusted as named (its addresses are not checked). A link to any other host is rejected.")]
    public List<string>? AllowedHosts { get; set; }

    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts is { Count: > 0 } hosts ? hosts : DefaultAllowedHosts;

    [Description("Only https links; false also allows http.")]
    public bool RequireHttps { get; set; } = true;

    /// <summary>Largest file downloaded; a larger one is <c>rejected</c>.</summary>
    [Description("Larger files are rejected (default 20 GiB).")]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    [Description("Downloads at once per host of ours (1 to 64), shared out by MaxConcurrentDownloadsPerStorageHost and MaxConcurrentDownloadsPerMeeting.")]
    public int MaxConcurrentDownloads { get; set; } = 4;

    /// <summary>Downloads at once from one storage host (null = all of <see cref="MaxConcurrentDownloads"/> but one, at least 1).</summary>
    /// <remarks>
    /// All but one, not half: JaaS serves most links from one storage host, and half would halve the throughput of every
    /// deployment to keep one slot free for the rare link of another host.
    /// </remarks>
    [DefaultValue("MaxConcurrentDownloads - 1, at least 1")]
    [Description("Downloads at once from one storage host (1 to MaxConcurrentDownloads), so a slow host cannot hold every slot; a due link of a host at its share waits and another host's link goes first.")]
    public int? MaxConcurrentDownloadsPerStorageHost { get; set; }

    /// <summary>Downloads at once for one meeting (null = half of <see cref="MaxConcurrentDownloads"/>, rounded up).</summary>
    [DefaultValue("half of MaxConcurrentDownloads, rounded up")]
    [Description("Downloads at once for one meeting (1 to MaxConcurrentDownloads), so one meeting's links (a long screen-sharing list) cannot hold every slot.")]
    public int? MaxConcurrentDownloadsPerMeeting { get; set; }

    public int EffectiveMaxConcurrentDownloadsPerStorageHost => MaxConcurrentDownloadsPerStorageHost ?? Math.Max(1, MaxConcurrentDownloads - 1);

    public int EffectiveMaxConcurrentDownloadsPerMeeting => MaxConcurrentDownloadsPerMeeting ?? HalfOfMaxConcurrentDownloads;

    private int HalfOfMaxConcurrentDownloads => (MaxConcurrentDownloads + 1) / 2;

    /// <summary>The longest one download may run (all its in-process retries included), however fast or slow its bytes come.</summary>
    /// <remarks>An hour takes a 3.5 GB recording at 1 MB/s; a host that sends a byte a second (under any ReadTimeout) is cut there.</remarks>
    [Description("The longest one download may run, retries included (1 s to 7 days); a download still running then ends 'failed' with the reason. A link's expiry ends it sooner ('expired').")]
    public TimeSpan MaxDownloadTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Screenshot links taken from one screen-sharing list; the rest are recorded as one <c>rejected</c> row with the count.</summary>
    [Description("Screenshot links taken from one SCREEN_SHARING_HISTORY list (1 to 100000); the rest are not downloaded and one 'rejected' row of the list says how many and why.")]
    public int MaxUrlsPerList { get; set; } = 500;

    /// <summary>Keep the stored copy of a document JaaS reports deleted.</summary>
    [Description("Keep the stored copy of a document JaaS reports deleted.")]
    public bool KeepDeletedDocuments { get; set; }

    /// <summary>How often the worker looks for due work it was not woken for.</summary>
    [Description("How often the worker looks for due downloads and unpublished files (10 ms to 10 min).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for the next bytes of a body (the whole download is bounded by <see cref="MaxDownloadTime"/>).</summary>
    [Description("Longest wait for the next bytes of a body (the whole download is bounded by MaxDownloadTime).")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Description("Longest wait for a connection to a storage host.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Description("Redirects followed per request (0 to 20), each checked against MediaArtifacts:AllowedHosts.")]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>In-process retries of one attempt (exponential back-off with jitter from <see cref="RetryBaseDelay"/>).</summary>
    [Description("In-process retries of a transient failure (exponential back-off with jitter), 0 to 20.")]
    public int RetryAttempts { get; set; } = 4;

    [Description("First back-off of those retries.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause before the next attempt once an attempt's retries are spent (until the link expires).</summary>
    [Description("Pause before the next attempt once an attempt's retries are spent (until the link expires).")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a claimed download stays claimed without progress before another worker may take it.</summary>
    [Description("A claimed download without progress for this long may be taken by another host (renewed while bytes flow).")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A publish of ArtifactStored not confirmed by then is retried on the next sweep.</summary>
    [Description("An ArtifactStored publish not confirmed by then is retried on the next round.")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class MediaArtifactsOptionsValidator : IValidateOptions<MediaArtifactsOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaArtifactsOptions options)
    {
        var failures = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add($"{MediaArtifactsOptions.Section}:{message}");
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.StorageRoot), "StorageRoot must name a folder.");
        Require(options.MaxBytes > 0, "MaxBytes must be positive.");
        Require(options.MaxConcurrentDownloads is >= 1 and <= 64, "MaxConcurrentDownloads must be 1 to 64.");
        Require(options.MaxConcurrentDownloadsPerStorageHost is null || (options.MaxConcurrentDownloadsPerStorageHost >= 1 && options.MaxConcurrentDownloadsPerStorageHost <= options.MaxConcurrentDownloads),
            "MaxConcurrentDownloadsPerStorageHost must be 1 to MaxConcurrentDownloads.");
        Require(options.MaxConcurrentDownloadsPerMeeting is null || (options.MaxConcurrentDownloadsPerMeeting >= 1 && options.MaxConcurrentDownloadsPerMeeting <= options.MaxConcurrentDownloads),
            "MaxConcurrentDownloadsPerMeeting must be 1 to MaxConcurrentDownloads.");
        Require(options.MaxDownloadTime >= TimeSpan.FromSeconds(1) && options.MaxDownloadTime <= TimeSpan.FromDays(7), "MaxDownloadTime must be between 00:00:01 and 7.00:00:00.");
        Require(options.MaxUrlsPerList is >= 1 and <= 100_000, "MaxUrlsPerList must be 1 to 100000.");
        Require(options.PollInterval >= TimeSpan.FromMilliseconds(10) && options.PollInterval <= TimeSpan.FromMinutes(10), "PollInterval must be between 00:00:00.010 and 00:10:00.");
        Require(options.ReadTimeout > TimeSpan.Zero, "ReadTimeout must be positive.");
        Require(options.ConnectTimeout > TimeSpan.Zero, "ConnectTimeout must be positive.");
        Require(options.MaxRedirects is >= 0 and <= 20, "MaxRedirects must be 0 to 20.");
        Require(options.RetryAttempts is >= 0 and <= 20, "RetryAttempts must be 0 to 20.");
        Require(options.RetryBaseDelay >= TimeSpan.Zero, "RetryBaseDelay must not be negative.");
        Require(options.RetryDelay > TimeSpan.Zero, "RetryDelay must be positive.");
        Require(options.ClaimLease >= TimeSpan.FromSeconds(1), "ClaimLease must be at least 00:00:01.");
        Require(options.PublishTimeout > TimeSpan.Zero, "PublishTimeout must be positive.");
        foreach (var host in options.EffectiveAllowedHosts)
        {
            Require(HostAllowList.IsValidEntry(host), $"AllowedHosts entry '{host}' is not a host name, '.domain' or '*.domain' pattern.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
