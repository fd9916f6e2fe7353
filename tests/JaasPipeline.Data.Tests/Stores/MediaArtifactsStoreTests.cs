using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>
/// The media-artifacts store on each backend: a link recorded once, the download workers' claim (SQL Server: UPDLOCK,
/// READPAST, ROWLOCK with OUTPUT inserted.*; SQLite: UPDATE ... RETURNING) never handing one row to two workers, the
/// lease deciding whose result counts, and document deletions.
/// </summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class MediaArtifactsStoreTests(TestDatabaseBackend backend)
{
    private const long Now = 1_780_000_000_000;

    // Shares no test here reaches, for the tests of the claim itself.
    private static readonly DownloadShares Unshared = new(1000, 1000);

    [Test]
    public async Task LinkRecordedTwice_IsOneRow()
    {
        await using var database = await MigratedAsync();
        var store = new MediaArtifactsStore(database.Database);
        var row = Row("recording-1", "session-a");

        await ConsumerTransaction.CommitAsync(database.Database, write => store.InsertAsync(write.Inbox, row));
        await ConsumerTransaction.CommitAsync(database.Database, write => store.InsertAsync(write.Inbox, row with { ArtifactId = Guid.NewGuid().ToString() }));

        Assert.That((await store.OfSessionAsync("session-a", CancellationToken.None)).Select(stored => stored.ArtifactId), Is.EqualTo(new[] { row.ArtifactId }));
    }

    [Test]
    public async Task ClaimByTwoWorkers_NeverHandsOneRowToBoth()
    {
        await using var database = await MigratedAsync();
        var store = new MediaArtifactsStore(database.Database);
        var twin = new MediaArtifactsStore(database.Twin());
        const int rows = 30;
        await store.InsertAsync(Enumerable.Range(0, rows).Select(i => Row($"link-{i}", "session-claim")).ToList(), CancellationToken.None);

        var claims = await Task.WhenAll(Task.Run(() => ClaimAllAsync(store, "worker-a")), Task.Run(() => ClaimAllAsync(twin, "worker-b")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claims[0].Intersect(claims[1]), Is.Empty);
            Assert.That(claims[0].Concat(claims[1]).Count(), Is.EqualTo(rows));
        }
    }

    [Test]
    public async Task Claim_PassesOverRowsOfAStorageHostOrMeetingAtItsShare()
    {
        await using var database = await MigratedAsync();
        var store = new MediaArtifactsStore(database.Database);
        // Due first: three links to a slow host (three meetings), then three links of one meeting (three other hosts).
        var slowHost = Enumerable.Range(0, 3).Select(i => Row($"slow-{i}", $"session-slow-{i}") with { StorageHost = "slow.example", NextAttemptAt = Now - 10 + i });
        var oneMeeting = Enumerable.Range(0, 3).Select(i => Row($"busy-{i}", "session-busy") with { StorageHost = $"h{i}.example", NextAttemptAt = Now - 5 + i });
        var last = Row("normal", "session-normal") with { StorageHost = "fast.example" };
        await store.InsertAsync([.. slowHost, .. oneMeeting, last], CancellationToken.None);

        var first = await store.ClaimAsync("worker-a", Now, Now + 60_000, 10, new DownloadShares(PerStorageHost: 2, PerMeeting: 2), CancellationToken.None);
        var second = await store.ClaimAsync("worker-b", Now, Now + 60_000, 10, new DownloadShares(PerStorageHost: 2, PerMeeting: 2), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Select(row => row.IdempotencyKey), Is.EqualTo(new[] { "slow-0", "slow-1", "busy-0", "busy-1", "normal" }));
            Assert.That(second, Is.Empty, "the shares count every worker's live downloads");
            Assert.That(first.Select(row => row.StorageHost), Does.Contain("slow.example"));
        }
    }

    [Test]
    public async Task MarkStoredByAnotherOwner_ChangesNothing()
    {
        await using var database = await MigratedAsync();
        var store = new MediaArtifactsStore(database.Database);
        var row = Row("recording-2", "session-b");
        await store.InsertAsync([row], CancellationToken.None);
        var claimed = await store.ClaimAsync("worker-a", Now, Now + 60_000, 10, Unshared, CancellationToken.None);

        var byOther = await store.MarkStoredAsync(row.ArtifactId, "worker-b", "key", 10, new string('0', 64), null, Now, CancellationToken.None);
        var byOwner = await store.MarkStoredAsync(row.ArtifactId, "worker-a", "key", 10, new string('0', 64), "video/mp4", Now, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claimed.Select(c => (c.ArtifactId, c.Status, c.Attempts)), Is.EqualTo(new[] { (row.ArtifactId, ArtifactStatus.Downloading, 1) }));
            Assert.That(byOther, Is.False);
            Assert.That(byOwner, Is.True);
            Assert.That((await store.GetAsync(row.ArtifactId, CancellationToken.None))?.Status, Is.EqualTo(ArtifactStatus.Stored));
        }
    }

    [Test]
    public async Task DeletionOfADocument_IsRecordedForItsExactSessionAndKey()
    {
        await using var database = await MigratedAsync();
        var store = new MediaArtifactsStore(database.Database);
        var document = Row("doc-1", "Session-D") with { FileKey = "File-1", Kind = "document" };
        await store.InsertAsync([document], CancellationToken.None);

        await ConsumerTransaction.CommitAsync(database.Database, write => store.RecordDeletionAsync(write.Inbox, "Session-D", "File-1", Now));
        await using var check = await ConsumerTransaction.BeginAsync(database.Database);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await store.IsDeletionRecordedAsync(check.Inbox, "Session-D", "File-1"), Is.True);
            Assert.That(await store.IsDeletionRecordedAsync(check.Inbox, "session-d", "File-1"), Is.False);
            Assert.That(await store.IsDeletionRecordedAsync(check.Inbox, "Session-D", "file-1"), Is.False);
            Assert.That((await store.GetAsync(document.ArtifactId, CancellationToken.None))?.Status, Is.EqualTo(ArtifactStatus.Deleted));
        }
    }

    private Task<TestDatabase> MigratedAsync() =>
        backend.CreateMigratedAsync("media-artifacts", typeof(InboxTransaction).Assembly, typeof(MediaArtifactsStore).Assembly);

    private static ArtifactRow Row(string key, string session) => new()
    {
        ArtifactId = Guid.NewGuid().ToString(), IdempotencyKey = key, EventType = "RECORDING_UPLOADED", Kind = "recording",
        SessionId = session, Fqn = "app/room", EventTimestamp = Now, Url = "https://media.example/recording.mp4", NextAttemptAt = Now,
        ExpiresAt = Now + 86_400_000, CreatedAt = Now,
    };

    private static async Task<List<string>> ClaimAllAsync(MediaArtifactsStore store, string owner)
    {
        var ids = new List<string>();
        while (await store.ClaimAsync(owner, Now, Now + 600_000, 4, Unshared, CancellationToken.None) is { Count: > 0 } batch)
        {
            ids.AddRange(batch.Select(row => row.ArtifactId));
        }

        return ids;
    }
}
