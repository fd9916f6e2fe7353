using JaasPipeline.Data;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>A body that stops arriving, and a host that died holding a download: neither loses the file.</summary>
public sealed class SlowResponseTests
{
    [Test]
    public async Task BodyThatStalls_TimesOutPerReadAndTheNextAttemptResumes()
    {
        using var folder = new TempFolder("media-slow");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?>
        {
            ["MediaArtifacts:ReadTimeout"] = "00:00:00.300",
            ["MediaArtifacts:RetryAttempts"] = "0",
        });
        var session = Events.NewSession();
        const long size = 1024 * 1024;

        await host.DeliverAsync(Events.Recording(session, server.Url($"/stall/{session}?size={size}&after=300000")));
        var waiting = await host.WaitForStatusAsync(session, ArtifactStatus.Pending, seconds: 30);
        await Eventually.WaitUntilAsync(async () => (await host.Store.GetAsync(waiting.ArtifactId, CancellationToken.None))!.Reason is not null,
            TimeSpan.FromSeconds(20), "the stalled attempt is given up");
        var reason = (await host.Store.GetAsync(waiting.ArtifactId, CancellationToken.None))!.Reason;
        host.Clock.Offset = TimeSpan.FromMinutes(11); // past RetryDelay

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        var requests = server.Requests.Where(r => r.PathAndQuery.Contains(session)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reason, Does.Contain("ReadTimeout"));
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[1].Range, Does.Match("^bytes=[1-9][0-9]*-$"));
            Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(size)));
        }
    }

    [Test]
    public async Task DownloadClaimedByAHostThatDied_IsTakenOverWhenItsLeaseRunsOut()
    {
        using var folder = new TempFolder("media-crash");
        await using var server = await MediaStorageServer.StartAsync();
        var session = Events.NewSession();
        // The schema, then a row claimed by a host that is gone (as after kill -9: no release).
        await (await MediaTestHost.StartAsync(folder)).DisposeAsync();
        var store = new MediaArtifactsStore(new Database(MediaArtifactsExtensions.ServiceName,
            new DatabaseOptions { ConnectionString = folder.SqliteConnectionString("media-artifacts") }));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var row = new ArtifactRow
        {
            ArtifactId = Guid.NewGuid().ToString(), IdempotencyKey = Guid.NewGuid().ToString(), EventType = "RECORDING_UPLOADED",
            Kind = "recording", SessionId = session, Fqn = "app1/room1", EventTimestamp = now, Url = server.Url($"/files/{session}?size=1000"),
            NextAttemptAt = now, ExpiresAt = now + 3_600_000, CreatedAt = now,
        };
        await store.InsertAsync([row], CancellationToken.None);
        Assert.That(await store.ClaimAsync("dead-host", now, now + 60_000, 10, new DownloadShares(10, 10), CancellationToken.None), Has.Count.EqualTo(1));

        await using var host = await MediaTestHost.StartAsync(folder);
        await host.WaitForStatusAsync(session, ArtifactStatus.Downloading, seconds: 5);
        Assert.That(server.RequestCount, Is.Zero, "the lease still holds");
        host.Clock.Offset = TimeSpan.FromMinutes(2);

        var stored = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        Assert.That(stored.Attempts, Is.EqualTo(2));
    }
}
