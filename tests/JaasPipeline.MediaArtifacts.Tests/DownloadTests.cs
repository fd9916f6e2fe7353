using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>Links to a real storage host on loopback (explicitly allowed) end as stored files with the right hash and size, on SQLite and on SQL Server (where Docker answers).</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class DownloadTests(TestDatabaseBackend backend)
{
    private TempFolder folder = null!;
    private TestDatabase? database;
    private MediaStorageServer server = null!;
    private MediaTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        database = await backend.CreateAsync(MediaArtifactsExtensions.ServiceName);
        folder = new TempFolder("media-download");
        server = await MediaStorageServer.StartAsync();
        host = await MediaTestHost.StartAsync(folder, database);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        folder?.Dispose();
    }

    [Test]
    public async Task RecordingLink_IsStoredWithItsHashAndSizeAndArtifactStoredIsPublished()
    {
        var session = Events.NewSession();
        const long size = 3 * 1024 * 1024 + 17;

        await host.DeliverAsync(Events.Recording(session, server.Url($"/files/{session}.mp4?size={size}")));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Bytes, Is.EqualTo(size));
            Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(size)));
            Assert.That(row.StorageKey, Is.EqualTo($"app1/room1/{session}/recording/{Guid.Parse(row.ArtifactId):N}.mp4"));
            Assert.That(new FileInfo(host.Files.PathOf(row.StorageKey!)).Length, Is.EqualTo(size));
        }

        await Eventually.WaitUntilAsync(() => host.Published.Any(p => p.Message.SessionId == session), TimeSpan.FromSeconds(20), "ArtifactStored is published");
        var published = host.Published.Single(p => p.Message.SessionId == session);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(published.MessageId, Is.EqualTo(Guid.Parse(row.ArtifactId)), "a republish carries the same MessageId, so inboxes drop it");
            Assert.That(published.Message.Sha256, Is.EqualTo(row.Sha256));
            Assert.That(published.Message.Bytes, Is.EqualTo(size));
            Assert.That(published.Message.StoragePath, Is.EqualTo(row.StorageKey));
            Assert.That(published.Message.Kind, Is.EqualTo(ArtifactKinds.Recording));
            Assert.That(published.Message.EventType, Is.EqualTo("RECORDING_UPLOADED"));
        }

        await Eventually.WaitUntilAsync(async () => (await host.Store.GetAsync(row.ArtifactId, CancellationToken.None))!.PublishedAt is not null,
            TimeSpan.FromSeconds(10), "published_at is recorded");
    }

    [Test]
    public async Task ConnectionDroppedMidFile_IsResumedWithRangeAndIfRange()
    {
        var session = Events.NewSession();
        const long size = 2 * 1024 * 1024;
        const long dropAfter = 700_000;

        await host.DeliverAsync(Events.Recording(session, server.Url($"/drop/{session}?size={size}&after={dropAfter}")));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        var requests = server.Requests.Where(r => r.PathAndQuery.Contains(session)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(size)));
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[0].Range, Is.Null);
            // The client keeps what reached it before the connection broke (at most what the server sent).
            Assert.That(requests[1].Range, Does.Match("^bytes=[1-9][0-9]*-$"), "the second request continues the partial file");
            Assert.That(long.Parse(requests[1].Range!["bytes=".Length..^1]), Is.LessThanOrEqualTo(dropAfter));
            Assert.That(requests[1].IfRange, Is.EqualTo("\"v1\""));
        }
    }

    [Test]
    public async Task FileReplacedBetweenTries_IfRangeFailsAndTheDownloadStartsOver()
    {
        var session = Events.NewSession();
        const long size = 2 * 1024 * 1024;

        await host.DeliverAsync(Events.Recording(session, server.Url($"/drop/{session}?size={size}&after=700000&changed=true")));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        var requests = server.Requests.Where(r => r.PathAndQuery.Contains(session)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[1].IfRange, Is.EqualTo("\"v1\""), "the resume names the first file's ETag");
            Assert.That(row.Bytes, Is.EqualTo(size), "the 200 replaced the partial file instead of being appended to it");
            Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(size)));
        }
    }

    [Test]
    public async Task RangeNotSatisfiable_DropsThePartialFileAndStartsOver()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/drop/{session}?size=2000000&after=700000&sizeLater=1000")));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        var requests = server.Requests.Where(r => r.PathAndQuery.Contains(session)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests, Has.Count.EqualTo(3));
            Assert.That(requests[1].Range, Is.Not.Null, "the resume that got 416");
            Assert.That(requests[2].Range, Is.Null, "then the whole file again");
            Assert.That(row.Bytes, Is.EqualTo(1000));
            Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(1000)));
        }
    }

    [Test]
    public async Task RedirectToAnAllowedHost_IsFollowedAndStored()
    {
        var session = Events.NewSession();
        var target = server.Url($"/files/{session}.bin?size=1000");

        await host.DeliverAsync(Events.Recording(session, server.Url("/redirect?to=" + Uri.EscapeDataString(target))));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(1000)));
    }

    [TestCase("../../../etc", "..", "../../passwd")]
    [TestCase("room/../../x", "s/../..", "..\\..\\boot.ini")]
    [TestCase(".partial", ".", "/etc/shadow")]
    public async Task PathTraversalInRoomSessionOrFileName_StaysInsideItsFolder(string room, string sessionSuffix, string fileName)
    {
        var session = Events.NewSession() + sessionSuffix;
        var document = Events.DocumentAdded(session, server.Url("/files/doc.pdf?size=500"), "file-" + Guid.NewGuid(), fileName: fileName) with { Fqn = "app1/" + room };

        await host.DeliverAsync(document);

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        var path = host.Files.PathOf(row.StorageKey!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.StorageKey!.Split('/'), Has.Length.EqualTo(5));
            Assert.That(row.StorageKey.Split('/'), Has.None.EqualTo("..").And.None.EqualTo(".").And.None.StartsWith("."));
            Assert.That(path, Does.StartWith(Path.Combine(host.Files.Root, "app1") + Path.DirectorySeparatorChar));
            Assert.That(File.Exists(path), Is.True);
            Assert.That(row.FileName, Is.EqualTo(fileName), "the payload's name is kept as metadata");
        }
    }

    [Test]
    public async Task ReadApi_ListsTheArtifactAndStreamsItsContentWithRange()
    {
        var session = Events.NewSession();
        await host.DeliverAsync(Events.Recording(session, server.Url($"/files/{session}.mp4?size=5000")));
        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);

        var list = await host.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{session}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/artifacts/{session}/{row.ArtifactId}/content");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await host.Client.SendAsync(request);
        var bytes = await partial.Content.ReadAsByteArrayAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(list.GetProperty("next").ValueKind, Is.EqualTo(JsonValueKind.Null));
            var item = list.GetProperty("items")[0];
            Assert.That(item.GetProperty("artifactId").GetGuid(), Is.EqualTo(Guid.Parse(row.ArtifactId)));
            Assert.That(item.GetProperty("kind").GetString(), Is.EqualTo("recording"));
            Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("stored"));
            Assert.That(item.GetProperty("sizeBytes").GetInt64(), Is.EqualTo(5000));
            Assert.That(item.GetProperty("sha256").GetString(), Is.EqualTo(MediaStorageServer.Sha256Of(5000)));
            Assert.That(item.GetProperty("eventType").GetString(), Is.EqualTo("RECORDING_UPLOADED"));
            foreach (var time in new[] { "expiresAt", "createdAt", "storedAt" })
            {
                // docs/api.md §3: RFC 3339 UTC with Z and exactly three fractional digits (it was …59.93+00:00).
                Assert.That(item.GetProperty(time).GetString(), Does.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"), time);
            }
            Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(bytes, Is.EqualTo(Enumerable.Range(100, 100).Select(i => MediaStorageServer.ByteAt(i)).ToArray()));
        }
    }

    [Test]
    public async Task ReadApi_UnknownSessionOrArtifact_Is404Problem()
    {
        using var unknownSession = await host.Client.GetAsync("/api/artifacts/no-such-session");
        using var unknownArtifact = await host.Client.GetAsync($"/api/artifacts/no-such-session/{Guid.NewGuid()}/content");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unknownSession.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknownSession.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(unknownArtifact.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task ScreenSharingHistory_StoresTheListAndEveryScreenshotItNames()
    {
        var session = Events.NewSession();
        var links = string.Join('|', server.Url($"/files/{session}-1.png?size=300"), server.Url($"/files/{session}-2.png?size=400"), "http://elsewhere.example/x.png");

        await host.DeliverAsync(Events.Screenshots(session, server.Url("/list?links=" + Uri.EscapeDataString(links))));

        var list = await host.WaitForStatusAsync(session, r => r.ParentId is null, ArtifactStatus.Stored);
        var first = await host.WaitForStatusAsync(session, r => r.ParentId is not null && r.Url!.Contains("-1.png"), ArtifactStatus.Stored);
        var second = await host.WaitForStatusAsync(session, r => r.ParentId is not null && r.Url!.Contains("-2.png"), ArtifactStatus.Stored);
        var refused = await host.WaitForStatusAsync(session, r => r.ParentId is not null && r.Url!.Contains("elsewhere"), ArtifactStatus.Rejected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ParentId, Is.EqualTo(list.ArtifactId));
            Assert.That(first.Kind, Is.EqualTo(ArtifactKinds.Screenshots));
            Assert.That(first.Bytes, Is.EqualTo(300));
            Assert.That(second.Bytes, Is.EqualTo(400));
            Assert.That(refused.Reason, Does.Contain("AllowedHosts"));
            Assert.That(server.Requests.Any(r => r.PathAndQuery.StartsWith("/x.png")), Is.False);
        }
    }

    [Test]
    public async Task DocumentDeletedAfterItWasStored_EndsDeletedAndItsFileIsRemoved()
    {
        var session = Events.NewSession();
        var fileId = "file-" + Guid.NewGuid();
        await host.DeliverAsync(Events.DocumentAdded(session, server.Url("/files/doc.pdf?size=800"), fileId, fileSize: 800));
        var stored = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        var path = host.Files.PathOf(stored.StorageKey!);

        await host.DeliverAsync(Events.DocumentDeleted(session, fileId));

        await host.WaitForStatusAsync(session, ArtifactStatus.Deleted);
        await Eventually.WaitUntilAsync(() => !File.Exists(path), TimeSpan.FromSeconds(10), "the stored copy is removed");
    }

    [Test]
    public async Task DocumentDeletedBeforeItWasAdded_EndsDeletedAndIsNeverDownloaded()
    {
        var session = Events.NewSession();
        var fileId = "file-" + Guid.NewGuid();
        await host.DeliverAsync(Events.DocumentDeleted(session, fileId));
        await host.DeliverAsync(Events.DocumentAdded(session, server.Url($"/files/{session}.pdf?size=800"), fileId));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Deleted);
        // Give the worker every chance to (wrongly) fetch it: a later stored artifact proves it polled since.
        var witness = Events.NewSession();
        await host.DeliverAsync(Events.Recording(witness, server.Url($"/files/{witness}.bin?size=10")));
        await host.WaitForStatusAsync(witness, ArtifactStatus.Stored);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await host.Store.GetAsync(row.ArtifactId, CancellationToken.None))!.Status, Is.EqualTo(ArtifactStatus.Deleted));
            Assert.That(server.Requests.Any(r => r.PathAndQuery.Contains(session)), Is.False);
        }
    }

    [Test]
    public async Task DocumentSizeDifferentFromFileSize_Fails()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.DocumentAdded(session, server.Url("/files/doc.pdf?size=800"), "f-" + Guid.NewGuid(), fileSize: 801));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Failed);
        Assert.That(row.Reason, Does.Contain("fileSize"));
    }
}
