using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>Work lives in the database: a host stopped mid-download leaves a partial file another host resumes with Range.</summary>
public sealed class RestartTests
{
    [Test]
    public async Task HostStoppedMidDownload_NextHostResumesThePartialFileWithRange()
    {
        using var folder = new TempFolder("media-restart");
        await using var server = await MediaStorageServer.StartAsync();
        var session = Events.NewSession();
        const long size = 4 * 1024 * 1024;
        const long stallAfter = 1024 * 1024;

        var first = await MediaTestHost.StartAsync(folder);
        await first.DeliverAsync(Events.Recording(session, server.Url($"/stall/{session}?size={size}&after={stallAfter}")));
        var row = await first.WaitForStatusAsync(session, ArtifactStatus.Downloading);
        var partial = Path.Combine(first.Files.DownloadFolderFor(MediaArtifactsExtensions.ServiceName), row.ArtifactId + ".part");
        await Eventually.WaitUntilAsync(() => File.Exists(partial) && new FileInfo(partial).Length >= 512 * 1024, TimeSpan.FromSeconds(20), "part of the file is on disk");
        await first.DisposeAsync();
        var kept = new FileInfo(partial).Length;

        await using var second = await MediaTestHost.StartAsync(folder);
        var stored = await second.WaitForStatusAsync(session, ArtifactStatus.Stored);

        var requests = server.Requests.Where(r => r.PathAndQuery.Contains(session)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept, Is.GreaterThan(0));
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[1].Range, Is.EqualTo($"bytes={kept}-"), "the new host continued from the partial file");
            Assert.That(stored.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(size)));
            Assert.That(stored.Bytes, Is.EqualTo(size));
            Assert.That(File.Exists(partial), Is.False);
        }
    }
}
