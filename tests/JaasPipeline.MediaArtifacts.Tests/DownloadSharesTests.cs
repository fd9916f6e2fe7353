using System.Net;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>
/// Links that trickle (a byte every 200 ms) cannot hold every download slot: one storage host, or one meeting, gets at
/// most its share, and a normal link elsewhere is downloaded while they still trickle (MaxConcurrentDownloads 4).
/// </summary>
public sealed class DownloadSharesTests
{
    private const string SlowHost = "slow-storage.test";

    [Test]
    public async Task FourLinksTricklingFromOneHost_LeaveASlotForALinkToAnotherHost()
    {
        using var folder = new TempFolder("media-shares-host");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?>
        {
            // Named exactly, so it may be on loopback (as 127.0.0.1 is); the meetings' share is lifted so only the host's counts.
            ["MediaArtifacts:AllowedHosts:2"] = SlowHost,
            ["MediaArtifacts:MaxConcurrentDownloadsPerMeeting"] = "4",
        });
        host.Resolver.Names[SlowHost] = [IPAddress.Loopback];
        var slow = Enumerable.Range(0, 4).Select(_ => Events.NewSession()).ToList();
        foreach (var session in slow)
        {
            await host.DeliverAsync(Events.Recording(session, $"http://{SlowHost}:{server.Port}/trickle/{session}?size=1000000"));
        }

        await Eventually.WaitUntilAsync(async () => await CountAsync(host, slow, ArtifactStatus.Downloading) >= 3,
            TimeSpan.FromSeconds(30), "the slow host's links are downloading");
        var normal = Events.NewSession();
        await host.DeliverAsync(Events.Recording(normal, server.Url($"/files/{normal}?size=5000")));

        var stored = await host.WaitForStatusAsync(normal, ArtifactStatus.Stored, seconds: 20);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(5000)));
            Assert.That(await CountAsync(host, slow, ArtifactStatus.Downloading), Is.EqualTo(3), "the slow host holds its share (all slots but one), no more");
            Assert.That(await CountAsync(host, slow, ArtifactStatus.Pending), Is.EqualTo(1), "its other link waits");
        }
    }

    [Test]
    public async Task ScreenSharingListTricklingInOneMeeting_LeavesASlotForARecordingOfAnother()
    {
        using var folder = new TempFolder("media-shares-meeting");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?>
        {
            // Every link is on 127.0.0.1: lift the host's share so only the meeting's counts.
            ["MediaArtifacts:MaxConcurrentDownloadsPerStorageHost"] = "4",
        });
        var busy = Events.NewSession();
        var links = string.Join('|', Enumerable.Range(0, 10).Select(i => server.Url($"/trickle/{busy}-{i}.png?size=1000000")));
        await host.DeliverAsync(Events.Screenshots(busy, server.Url("/list?links=" + Uri.EscapeDataString(links))));
        await Eventually.WaitUntilAsync(async () => await CountAsync(host, [busy], ArtifactStatus.Downloading) >= 2,
            TimeSpan.FromSeconds(30), "the list's screenshots are downloading");
        var other = Events.NewSession();
        await host.DeliverAsync(Events.Recording(other, server.Url($"/files/{other}?size=5000")));

        await host.WaitForStatusAsync(other, ArtifactStatus.Stored, seconds: 20);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CountAsync(host, [busy], ArtifactStatus.Downloading), Is.EqualTo(2), "the busy meeting holds its share, no more");
            Assert.That(await CountAsync(host, [busy], ArtifactStatus.Pending), Is.EqualTo(8), "its other screenshots wait");
        }
    }

    private static async Task<int> CountAsync(MediaTestHost host, IEnumerable<string> sessions, string status)
    {
        var count = 0;
        foreach (var session in sessions)
        {
            count += (await host.Store.OfSessionAsync(session, CancellationToken.None)).Count(row => row.Status == status);
        }

        return count;
    }
}
