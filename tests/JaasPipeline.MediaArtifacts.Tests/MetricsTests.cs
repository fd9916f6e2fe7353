using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>The meter <c>JaasPipeline.MediaArtifacts</c>: downloads by status, bytes, the oldest pending link's time left.</summary>
public sealed class MetricsTests
{
    [Test]
    public async Task Downloads_MoveTheCountersAndAPendingLinkShowsItsTimeLeft()
    {
        using var folder = new TempFolder("media-metrics");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder);
        var longs = new ConcurrentDictionary<string, long>();
        var gauge = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MediaArtifactsMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var status = tags.ToArray().FirstOrDefault(t => t.Key == "status").Value;
            longs.AddOrUpdate(instrument.Name + (status is null ? "" : "/" + status), value, (_, sum) => sum + value);
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => gauge.Enqueue(value));
        listener.Start();

        var stored = Events.NewSession();
        await host.DeliverAsync(Events.Recording(stored, server.Url($"/files/{stored}?size=5000")));
        await host.WaitForStatusAsync(stored, ArtifactStatus.Stored);
        var rejected = Events.NewSession();
        await host.DeliverAsync(Events.Recording(rejected, server.Url("/status/400")));
        await host.WaitForStatusAsync(rejected, ArtifactStatus.Failed);
        var pending = Events.NewSession();
        await host.DeliverAsync(Events.Recording(pending, server.Url($"/stall/{pending}?size=5000&after=100"), DateTimeOffset.UtcNow.AddHours(-1)));
        await host.WaitForStatusAsync(pending, ArtifactStatus.Downloading);
        await Eventually.WaitUntilAsync(() =>
        {
            listener.RecordObservableInstruments();
            return gauge.TryPeek(out _);
        }, TimeSpan.FromSeconds(10), "the gauge reports the pending link");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(longs.GetValueOrDefault("jaas_media_downloads/stored"), Is.GreaterThanOrEqualTo(1));
            Assert.That(longs.GetValueOrDefault("jaas_media_downloads/failed"), Is.GreaterThanOrEqualTo(1));
            Assert.That(longs.GetValueOrDefault("jaas_media_downloaded_bytes"), Is.GreaterThanOrEqualTo(5000));
            // Expires 23 h from now: the gauge says so, give or take the test's own duration.
            Assert.That(gauge.Last(), Is.InRange(22 * 3600.0, 23 * 3600.0));
        }

        server.StallGate.TrySetResult();
    }
}
