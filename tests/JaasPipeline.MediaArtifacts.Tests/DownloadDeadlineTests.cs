using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>A body that trickles (a byte every 200 ms, never slow enough for ReadTimeout) is ended by MaxDownloadTime, or
/// by its link's expiry if that comes first, and the row says which.</summary>
public sealed class DownloadDeadlineTests
{
    [Test]
    public async Task TricklingDownload_EndsFailedAtMaxDownloadTime()
    {
        using var folder = new TempFolder("media-deadline-budget");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?> { ["MediaArtifacts:MaxDownloadTime"] = "00:00:01" });
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/trickle/{session}?size=1000000")));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Failed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Reason, Does.Contain("MediaArtifacts:MaxDownloadTime"));
            Assert.That(row.Attempts, Is.EqualTo(1), "not tried again");
            Assert.That(Directory.GetFiles(host.Files.Root, "*", SearchOption.AllDirectories).Where(f => f.Contains(row.ArtifactId)), Is.Empty,
                "no partial file is left");
        }
    }

    [Test]
    public async Task LinkThatExpiresDuringTheDownload_EndsExpired()
    {
        using var folder = new TempFolder("media-deadline-expiry");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder);
        var session = Events.NewSession();

        // Valid when the download starts (the default MaxDownloadTime is an hour): only the expiry can end it.
        await host.DeliverAsync(Events.VideoSegment(session, server.Url($"/trickle/{session}?size=1000000"), DateTimeOffset.UtcNow.AddSeconds(10)));
        await host.WaitForStatusAsync(session, ArtifactStatus.Downloading);

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Expired);
        Assert.That(row.Reason, Does.Contain("expired during the download"));
    }
}
