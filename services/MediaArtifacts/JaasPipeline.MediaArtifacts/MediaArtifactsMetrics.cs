using System.Diagnostics.Metrics;

namespace JaasPipeline.MediaArtifacts;

/// <summary>The media-artifacts meter (<c>JaasPipeline.MediaArtifacts</c>).</summary>
public sealed class MediaArtifactsMetrics
{
    public const string MeterName = "JaasPipeline.MediaArtifacts";

    private readonly TimeProvider clock;
    private long oldestPendingExpiresAtMs = -1;

    public MediaArtifactsMetrics(IMeterFactory meters, TimeProvider clock)
    {
        this.clock = clock;
        var meter = meters.Create(MeterName);
        Downloads = meter.CreateCounter<long>("jaas_media_downloads", description: "Download attempts that ended, by status (stored, failed, expired, rejected, retry)");
        BytesDownloaded = meter.CreateCounter<long>("jaas_media_downloaded_bytes", unit: "By", description: "Bytes received from storage hosts (resumed bytes are not counted twice)");
        // Computed at scrape time from the expiry the worker last saw: alert before it reaches 0 and a recording is lost.
        meter.CreateObservableGauge("jaas_media_oldest_pending_link_expiry_seconds", OldestPendingExpirySeconds,
            unit: "s", description: "Seconds until the link of the oldest pending download expires (absent when nothing is pending; negative once expired)");
    }

    public Counter<long> Downloads { get; }

    public Counter<long> BytesDownloaded { get; }

    public void RecordDownload(string status) => Downloads.Add(1, new KeyValuePair<string, object?>("status", status));

    public void SetOldestPendingExpiry(long? expiresAtMs) => Interlocked.Exchange(ref oldestPendingExpiresAtMs, expiresAtMs ?? -1);

    private IEnumerable<Measurement<double>> OldestPendingExpirySeconds()
    {
        var expiresAt = Interlocked.Read(ref oldestPendingExpiresAtMs);
        if (expiresAt >= 0)
        {
            yield return new Measurement<double>((expiresAt - clock.GetUtcNow().ToUnixTimeMilliseconds()) / 1000.0);
        }
    }
}
