using JaasPipeline.Analytics;
using JaasPipeline.Analytics.Quality;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>The analytics stores on each backend: engagement facts once per key and per meeting, monthly usage counted once per device and user, call-quality rows.</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class AnalyticsStoreTests(TestDatabaseBackend backend)
{
    private static readonly DateTimeOffset March = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase database = null!;
    private AnalyticsStore store = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        database = await backend.CreateMigratedAsync("analytics", typeof(InboxTransaction).Assembly, typeof(AnalyticsStore).Assembly);
        store = new AnalyticsStore(database.Database);
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
    public async Task FactAppendedTwice_IsReadBackOnceAsFirstReceived()
    {
        var session = $"Session-{Guid.NewGuid():N}";
        var feedback = Feedback($"{session}-1", session, rating: 5);

        await ConsumerTransaction.CommitAsync(database.Database, write => store.AppendFactAsync(write.Inbox, feedback));
        await ConsumerTransaction.CommitAsync(database.Database, write => store.AppendFactAsync(write.Inbox, feedback with { Rating = 1 }));

        Assert.That(await store.FactsOfSessionAsync(session, CancellationToken.None), Is.EqualTo(new JaasEvent[] { feedback }));
    }

    [Test]
    public async Task SessionsDifferingOnlyInCase_KeepTheirOwnFacts()
    {
        var session = $"Session-{Guid.NewGuid():N}";
        await ConsumerTransaction.CommitAsync(database.Database, async write =>
        {
            await store.AppendFactAsync(write.Inbox, Feedback($"{session}-lower", session.ToLowerInvariant(), rating: 2));
            await store.AppendFactAsync(write.Inbox, Feedback($"{session}-upper", session.ToUpperInvariant(), rating: 4));
        });

        var lower = await store.FactsOfSessionAsync(session.ToLowerInvariant(), CancellationToken.None);

        Assert.That(lower.Select(fact => fact.IdempotencyKey), Is.EqualTo(new[] { $"{session}-lower" }));
    }

    [Test]
    public async Task RepeatedAndOverlappingUsage_CountsEachDeviceAndUserOnce()
    {
        var customer = $"customer-{Guid.NewGuid():N}";
        var usage = new UsageReported
        {
            IdempotencyKey = Guid.NewGuid().ToString(), CustomerId = customer, Timestamp = March, EventType = JaasEventTypes.Usage,
            Entries = [new UsageEntry { DeviceId = "device-a", UserId = "user-1" }, new UsageEntry { DeviceId = "device-b", UserId = "user-1" }],
        };
        var overlapping = usage with
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            Entries = [new UsageEntry { DeviceId = "device-a" }, new UsageEntry { DeviceId = "DEVICE-A", UserId = "User-1" }],
        };

        await ConsumerTransaction.CommitAsync(database.Database, write => store.AddUsageAsync(write.Inbox, usage));
        await ConsumerTransaction.CommitAsync(database.Database, write => store.AddUsageAsync(write.Inbox, usage));
        await ConsumerTransaction.CommitAsync(database.Database, write => store.AddUsageAsync(write.Inbox, overlapping));

        // Ids compare byte for byte: DEVICE-A and User-1 are others than device-a and user-1.
        Assert.That(await store.UsageAsync(customer, "2026-03", CancellationToken.None), Is.EqualTo(new MonthlyUsage(customer, "2026-03", 3, 2)));
    }

    [Test]
    public async Task WidestUsageKeys_AreCounted()
    {
        // customer_id, month and device_id fill 1,207 key bytes on SQL Server: more than a clustered key may hold.
        var customer = Guid.NewGuid().ToString("N").PadRight(200, 'c');
        var usage = new UsageReported
        {
            IdempotencyKey = Guid.NewGuid().ToString(), CustomerId = customer, Timestamp = March, EventType = JaasEventTypes.Usage,
            Entries = [new UsageEntry { DeviceId = new string('d', 400), UserId = new string('u', 400) }],
        };

        await ConsumerTransaction.CommitAsync(database.Database, write => store.AddUsageAsync(write.Inbox, usage));

        Assert.That(await store.UsageAsync(customer, "2026-03", CancellationToken.None), Is.EqualTo(new MonthlyUsage(customer, "2026-03", 1, 1)));
    }

    [Test]
    public async Task StatisticsFileNotedTwice_IsPendingOnceThenSummarizedForItsMeeting()
    {
        var quality = new CallQualityStore(database.Database);
        var session = $"Session-{Guid.NewGuid():N}";
        var stored = new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded, IdempotencyKey = $"{session}-rtc",
            SessionId = session, Fqn = "app/room", EventTimestamp = March, StoragePath = $"{session}/stats.gz", Sha256 = new string('a', 64), Bytes = 10,
        };

        await ConsumerTransaction.CommitAsync(database.Database, write => quality.AddPendingAsync(write.Inbox, stored));
        await ConsumerTransaction.CommitAsync(database.Database, write => quality.AddPendingAsync(write.Inbox, stored));
        var pending = (await quality.PendingAsync(1000, CancellationToken.None)).Where(file => file.IdempotencyKey == stored.IdempotencyKey).ToList();
        await quality.SaveFailureAsync(stored.IdempotencyKey, "missing", "gone", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pending.Select(file => file.StoragePath), Is.EqualTo(new[] { stored.StoragePath }));
            Assert.That(await quality.AnyOfSessionAsync(session, CancellationToken.None), Is.True);
            Assert.That(await quality.AnyOfSessionAsync(session.ToUpperInvariant(), CancellationToken.None), Is.False);
            Assert.That((await quality.PendingAsync(1000, CancellationToken.None)).Select(file => file.IdempotencyKey), Does.Not.Contain(stored.IdempotencyKey));
        }
    }

    private static FeedbackSubmitted Feedback(string key, string session, int rating) => new()
    {
        IdempotencyKey = key, SessionId = session, Fqn = "app/room", Timestamp = March, EventType = JaasEventTypes.Feedback, Rating = rating,
    };
}
