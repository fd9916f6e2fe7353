using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Ingress;
using JaasPipeline.Ingress.DeliveryLog;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>
/// The ingress's stores on each backend: the outbox (commit outcomes, the relays' claim, publish marks), the delivery
/// log, the room settings and the retention of its tables (the inbox: <see cref="InboxStoreTests"/>). On SQL Server the claim runs on UPDLOCK/READPAST row locks
/// and the commit on an OUTPUT-less INSERT ... WHERE NOT EXISTS under UPDLOCK, HOLDLOCK: the concurrency tests below
/// are what prove those hints there.
/// </summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class IngressStoreTests(TestDatabaseBackend backend)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private TestDatabase database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => database = await MigratedAsync();

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Test]
    public async Task CommitAsync_TellsAcceptedDuplicateAndConflictApart()
    {
        var store = new OutboxStore(database.Database);
        var key = Guid.NewGuid().ToString();

        var outcomes = await store.CommitAsync([Delivery(key, "first body"), Delivery(key, "first body"), Delivery(key, "other body")], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes, Is.EqualTo(new[] { DeliveryOutcome.Accepted, DeliveryOutcome.Duplicate, DeliveryOutcome.Conflict }));
            Assert.That(await CountAsync("outbox_deliveries", key), Is.EqualTo(1));
            Assert.That(await CountAsync("delivery_conflicts", key), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task KeysDifferingOnlyInCase_AreTwoDeliveries()
    {
        // JaaS keys compare byte for byte: SQLite's BINARY collation does it, SQL Server needs the column's BIN2 collation.
        var store = new OutboxStore(database.Database);
        var key = $"case-{Guid.NewGuid():N}";

        var outcomes = await store.CommitAsync([Delivery(key.ToLowerInvariant(), "lower"), Delivery(key.ToUpperInvariant(), "upper")], CancellationToken.None);

        Assert.That(outcomes, Is.EqualTo(new[] { DeliveryOutcome.Accepted, DeliveryOutcome.Accepted }));
    }

    [Test]
    public async Task LongestFieldsTheParserAccepts_AreStoredAndFoundAgain()
    {
        var store = new OutboxStore(database.Database);
        var key = Guid.NewGuid().ToString("N").PadRight(JaasFieldLimits.IdempotencyKey, 'k');
        var bytes = Encoding.UTF8.GetBytes("longest");
        var delivery = new IncomingDelivery(key, new string('E', JaasFieldLimits.EventType), new string('s', JaasFieldLimits.SessionId), bytes,
            SHA256.HashData(bytes), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var outcomes = await store.CommitAsync([delivery, delivery], CancellationToken.None);

        Assert.That(outcomes, Is.EqualTo(new[] { DeliveryOutcome.Accepted, DeliveryOutcome.Duplicate }));
    }

    [Test]
    public async Task ClaimAsyncByTwoRelays_NeverReturnsTheSameRow()
    {
        await using var own = await MigratedAsync();
        var store = new OutboxStore(own.Database);
        var twin = new OutboxStore(own.Twin());
        const int rows = 40;
        await store.CommitAsync(Enumerable.Range(0, rows).Select(i => Delivery($"claim-{i}", $"body {i}")).ToList(), CancellationToken.None);

        var claims = await Task.WhenAll(Task.Run(() => ClaimAllAsync(store, "relay-a")), Task.Run(() => ClaimAllAsync(twin, "relay-b")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claims[0].Intersect(claims[1]), Is.Empty);
            Assert.That(claims[0].Concat(claims[1]).Count(), Is.EqualTo(rows));
        }
    }

    [Test]
    public async Task MarkPublishedAsync_TakesOnlyTheRelaysOwnRowsOffTheBacklog()
    {
        await using var own = await MigratedAsync();
        var store = new OutboxStore(own.Database);
        await store.CommitAsync([Delivery("mark-1", "one"), Delivery("mark-2", "two"), Delivery("mark-3", "three")], CancellationToken.None);
        var claimed = (await store.ClaimAsync("relay-a", batchSize: 2, Lease, CancellationToken.None)).Select(row => row.Id).ToList();

        await store.MarkPublishedAsync("relay-b", claimed, CancellationToken.None);
        var afterOtherRelay = (await store.ReadBacklogAsync(CancellationToken.None)).Rows;
        await store.MarkPublishedAsync("relay-a", claimed, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterOtherRelay, Is.EqualTo(3), "another relay's ids change nothing");
            Assert.That((await store.ReadBacklogAsync(CancellationToken.None)).Rows, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task RejectAsyncTwiceWithOneBody_IsOneRowCountedTwice()
    {
        var store = new OutboxStore(database.Database);
        var body = Encoding.UTF8.GetBytes($"{{\"idempotencyKey\":\"rejected-{Guid.NewGuid():N}\"}}");

        await store.RejectAsync(body, "invalid", "first", CancellationToken.None);
        await store.RejectAsync(body, "invalid", "again", CancellationToken.None);

        await using var connection = await database.Database.OpenAsync();
        var times = await connection.QuerySingleAsync<long>(
            database.Database.Sql("SELECT times_received FROM rejected_deliveries WHERE body_sha256 = @Hash",
                "SELECT times_received FROM dbo.rejected_deliveries WHERE body_sha256 = @Hash"),
            new { Hash = SHA256.HashData(body) });
        Assert.That(times, Is.EqualTo(2));
    }

    [Test]
    public async Task DeliveryLog_ListsAMeetingsAcceptedDuplicateAndConflictNewestFirst()
    {
        var store = new OutboxStore(database.Database);
        var session = $"log-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        await store.CommitAsync([Delivery(key, "body", session, receivedAt: 1_000)], CancellationToken.None);
        await store.CommitAsync([Delivery(key, "body", session, receivedAt: 2_000)], CancellationToken.None);
        await store.CommitAsync([Delivery(key, "changed", session, receivedAt: 3_000)], CancellationToken.None);

        var (entries, next) = await new DeliveryLogStore(database.Database).ReadPageAsync(
            new DeliveryLogQuery(session, null, null, 0, long.MaxValue, WithBody: true, PageSize: 10, Before: null), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries.Select(entry => entry.Outcome), Is.EqualTo(new[] { "conflict", "duplicate", "accepted" }));
            Assert.That(entries.Select(entry => entry.SessionId), Is.All.EqualTo(session));
            Assert.That(entries[^1].Body, Is.EqualTo(Encoding.UTF8.GetBytes("body")));
            Assert.That(next, Is.Null);
        }
    }

    [Test]
    public async Task RoomSettings_ChangeReturnsThePreviousRuleAndDeleteRemovesIt()
    {
        var store = new RoomSettingsStore(database.Database, TimeProvider.System);
        var app = $"vpaas-magic-cookie-{Guid.NewGuid():N}";

        var first = await store.ChangeAsync(app, "standup", new SettingsProvisioningResponse { LobbyEnabled = true }, "test", CancellationToken.None);
        var second = await store.ChangeAsync(app, "standup", new SettingsProvisioningResponse { MaxOccupants = 5 }, "test", CancellationToken.None);
        var rules = await store.LoadAppAsync(app, CancellationToken.None);
        var removed = await store.ChangeAsync(app, "standup", null, "test", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.Null);
            Assert.That(second?.LobbyEnabled, Is.True);
            Assert.That(rules.Select(rule => (rule.Room, rule.Settings.MaxOccupants)), Is.EqualTo(new[] { ("standup", (int?)5) }));
            Assert.That(removed?.MaxOccupants, Is.EqualTo(5));
            Assert.That(await store.LoadAppAsync(app, CancellationToken.None), Is.Empty);
        }
    }

    [Test]
    public async Task Retention_DeletesOnlyDueRowsInSlices()
    {
        await using var own = await MigratedAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-31).ToUnixTimeMilliseconds();
        await using (var connection = await own.Database.OpenAsync())
        {
            foreach (var receivedAt in new[] { old, old, old, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })
            {
                await connection.ExecuteAsync(
                    own.Database.Sql(
                        "INSERT INTO delivery_conflicts (idempotency_key, received_at, body, body_sha256) VALUES ('k', @ReceivedAt, x'00', @Hash)",
                        "INSERT INTO dbo.delivery_conflicts (idempotency_key, received_at, body, body_sha256) VALUES (N'k', @ReceivedAt, 0x00, @Hash)"),
                    new { ReceivedAt = receivedAt, Hash = new byte[32] });
            }
        }

        var rule = new RetentionRule("delivery_conflicts", "Ingress:RejectedRetention", () => TimeSpan.FromDays(30),
            IngressRetention.SqliteSql.DeleteConflicts, IngressRetention.SqlServerSql.DeleteConflicts);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var retention = new DatabaseRetention(own.Database, [rule], Options.Create(new RetentionOptions { SliceSize = 2 }),
            TimeProvider.System, new RetentionMetrics(meters.GetRequiredService<IMeterFactory>()),
            NullLogger<DatabaseRetention>.Instance);

        var results = await retention.DeleteDueRowsAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results, Is.EqualTo(new[] { new RetentionResult("delivery_conflicts", 3, 2) }));
            Assert.That(await CountAsync(own.Database, "delivery_conflicts", "k"), Is.EqualTo(1));
        }
    }

    private Task<TestDatabase> MigratedAsync() =>
        backend.CreateMigratedAsync("ingress", typeof(InboxTransaction).Assembly, typeof(OutboxStore).Assembly);

    private Task<int> CountAsync(string table, string key) => CountAsync(database.Database, table, key);

    private static async Task<int> CountAsync(Database on, string table, string key)
    {
        await using var connection = await on.OpenAsync();
        // The table name is one of this fixture's literals, never input.
        return await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE idempotency_key = @Key", new { Key = key });
    }

    private static IncomingDelivery Delivery(string key, string body, string session = "session-1", long? receivedAt = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new IncomingDelivery(key, "PARTICIPANT_JOINED", session, bytes, SHA256.HashData(bytes), receivedAt ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static async Task<List<long>> ClaimAllAsync(OutboxStore store, string relayId)
    {
        var ids = new List<long>();
        while (await store.ClaimAsync(relayId, batchSize: 3, Lease, CancellationToken.None) is { Count: > 0 } batch)
        {
            ids.AddRange(batch.Select(row => row.Id));
        }

        return ids;
    }
}
