using System.Diagnostics;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>
/// A file streams to disk: the process's memory stays flat however large it is. The storage server generates the
/// body on the fly in this same process, so the figures include it too (it holds 64 KiB at a time).
/// </summary>
public sealed class LargeFileTests
{
    [Test]
    public Task File64MiB_StreamsWithFlatMemory() => StreamsWithFlatMemoryAsync(64L * 1024 * 1024);

    // About 5 s here (2 shared cores), so it stays in the default run; the category lets a slow machine leave it out.
    [Test, Category("Large")]
    public Task File1GiB_StreamsWithFlatMemory() => StreamsWithFlatMemoryAsync(1024L * 1024 * 1024);

    private static async Task StreamsWithFlatMemoryAsync(long size)
    {
        using var folder = new TempFolder("media-large");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?> { ["MediaArtifacts:RetryAttempts"] = "0" });
        var expectedHash = MediaStorageServer.Sha256Of(size);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baselineWorkingSet = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var peakWorkingSet = baselineWorkingSet;
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/files/{session}.mp4?size={size}")));
        await Eventually.WaitUntilAsync(async () =>
        {
            process.Refresh();
            peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
            return await host.Store.OfSessionAsync(session, CancellationToken.None) is [{ Status: not (ArtifactStatus.Pending or ArtifactStatus.Downloading) }];
        }, TimeSpan.FromMinutes(5), "the download ends");

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var row = (await host.Store.OfSessionAsync(session, CancellationToken.None)).Single();
        TestContext.Out.WriteLine($"{size} bytes: working set {baselineWorkingSet / 1048576} MiB -> peak {peakWorkingSet / 1048576} MiB; allocated {allocated / 1048576} MiB");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Status, Is.EqualTo(ArtifactStatus.Stored), row.Reason);
            Assert.That(row.Sha256, Is.EqualTo(expectedHash));
            Assert.That(peakWorkingSet - baselineWorkingSet, Is.LessThan(150L * 1024 * 1024), "peak working-set growth");
            // Holding the body would allocate at least its size; streaming allocates a small fraction of it.
            Assert.That(allocated, Is.LessThan(size / 2), "bytes allocated while the file streamed");
        }
    }
}
