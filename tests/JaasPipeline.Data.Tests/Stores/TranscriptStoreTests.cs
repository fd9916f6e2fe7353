using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using JaasPipeline.Transcription;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>The transcript store on each backend: a phrase stored once per meeting and messageID, read back in spoken order, files beside it.</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class TranscriptStoreTests(TestDatabaseBackend backend)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase database = null!;
    private TranscriptStore store = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        database = await backend.CreateMigratedAsync("transcription", typeof(InboxTransaction).Assembly, typeof(TranscriptStore).Assembly);
        store = new TranscriptStore(database.Database);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Test]
    public async Task PhraseResentUnderANewKey_IsStoredOnce()
    {
        var session = $"Session-{Guid.NewGuid():N}";
        var phrase = Segment(session, "m-1", "hello there", seconds: 0);
        var appended = new List<bool>();

        await ConsumerTransaction.CommitAsync(database.Database, async write => appended.Add(await store.AppendSegmentAsync(write.Inbox, phrase)));
        await ConsumerTransaction.CommitAsync(database.Database, async write =>
            appended.Add(await store.AppendSegmentAsync(write.Inbox, phrase with { IdempotencyKey = "other", Text = "changed" })));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(appended, Is.EqualTo(new[] { true, false }));
            Assert.That((await store.TranscriptAsync(session, CancellationToken.None))?.Segments.Select(s => s.Text), Is.EqualTo(new[] { "hello there" }));
        }
    }

    [Test]
    public async Task Transcript_IsInSpokenOrderWithMessageIdsComparedByteForByte()
    {
        var session = $"Session-{Guid.NewGuid():N}";
        await ConsumerTransaction.CommitAsync(database.Database, async write =>
        {
            // Same millisecond: the message id orders them, ordinal as SQLite's BINARY collation and SQL Server's BIN2 do ('B' < 'a').
            await store.AppendSegmentAsync(write.Inbox, Segment(session, "a", "second", seconds: 1));
            await store.AppendSegmentAsync(write.Inbox, Segment(session, "B", "first", seconds: 1));
            await store.AppendSegmentAsync(write.Inbox, Segment(session, "A", "earliest", seconds: 0));
            await store.AppendSegmentAsync(write.Inbox, Segment(session.ToLowerInvariant(), "A", "another meeting", seconds: 0));
        });

        var transcript = await store.TranscriptAsync(session, CancellationToken.None);

        Assert.That(transcript?.Segments.Select(s => s.Text), Is.EqualTo(new[] { "earliest", "first", "second" }));
    }

    [Test]
    public async Task Files_AreListedWithTheirMeetingOnce()
    {
        var session = $"Session-{Guid.NewGuid():N}";
        var file = new TranscriptFile
        {
            ArtifactId = Guid.NewGuid().ToString(), SessionId = session, Fqn = "app/room", StoragePath = $"{session}/t.json",
            Sha256 = new string('b', 64), Bytes = 12, EventTimestamp = Start, StoredAt = Start.AddMinutes(1),
        };

        await ConsumerTransaction.CommitAsync(database.Database, write => store.AppendFileAsync(write.Inbox, file));
        await ConsumerTransaction.CommitAsync(database.Database, write => store.AppendFileAsync(write.Inbox, file));

        Assert.That((await store.TranscriptAsync(session, CancellationToken.None))?.Files, Is.EqualTo(new[] { file }));
    }

    [Test]
    public async Task SearchByFqn_FindsOnlyThatRoomsPhrasesComparedByteForByte()
    {
        var word = $"needle{Guid.NewGuid():N}";
        var fqn = $"app/Room-{Guid.NewGuid():N}";
        await ConsumerTransaction.CommitAsync(database.Database, async write =>
        {
            await store.AppendSegmentAsync(write.Inbox, Segment("s-1", "m-1", $"the {word} here", seconds: 0) with { Fqn = fqn });
            await store.AppendSegmentAsync(write.Inbox, Segment("s-2", "m-1", $"a {word} there", seconds: 0) with { Fqn = fqn.ToLowerInvariant() });
        });

        var hits = await store.SearchAsync(new TranscriptSearch(word, fqn, null, null, null, 10), CancellationToken.None);

        Assert.That(hits.Select(hit => hit.SessionId), Is.EqualTo(new[] { "s-1" }));
    }

    private static TranscriptSegment Segment(string session, string messageId, string text, int seconds) => new()
    {
        SessionId = session, Fqn = "app/room", MessageId = messageId, Timestamp = Start.AddSeconds(seconds), Text = text,
        IdempotencyKey = $"{session}-{messageId}", Language = "en",
    };
}
