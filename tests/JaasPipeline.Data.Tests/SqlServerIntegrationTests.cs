using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using JaasPipeline.Ingress;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Testcontainers.MsSql;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The T-SQL side on a real SQL Server (Testcontainers): migrations, the outbox store and the inbox record.
/// Skipped, with the reason, where no Docker engine answers. Each test gets its own fresh database.
/// </summary>
public sealed class SqlServerIntegrationTests
{
    private static readonly Assembly[] MigrationAssemblies = [typeof(InboxTransaction).Assembly, typeof(OutboxStore).Assembly];
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly SchemaMigrator migrator = new(NullLogger<SchemaMigrator>.Instance);
    private MsSqlContainer? container;

    [OneTimeSetUp]
    public async Task StartSqlServer()
    {
        DockerEngine.RequireOrSkip();
        container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
        await container.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopSqlServer()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    [Test]
    public async Task Migration_RecordsEveryScriptAndASecondRunAppliesNothing()
    {
        var database = await MigratedDatabaseAsync();
        var first = await VersionsAsync(database);

        await MigrateAsync(database);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Has.Count.EqualTo(MigrationAssemblies.Sum(a => SchemaMigrator.Scripts(a, DatabaseProvider.SqlServer).Count)));
            Assert.That(await VersionsAsync(database), Is.EqualTo(first));
        }
    }

    [Test]
    public async Task TwoMigratorsOnAnEmptyDatabase_ApplyEachScriptExactlyOnce()
    {
        var database = await EmptyDatabaseAsync();
        var twin = new Database(database.Name, new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = database.ConnectionString });

        await Task.WhenAll(Task.Run(() => MigrateAsync(database)), Task.Run(() => MigrateAsync(twin)));

        Assert.That(await VersionsAsync(database), Has.Count.EqualTo(MigrationAssemblies.Sum(a => SchemaMigrator.Scripts(a, DatabaseProvider.SqlServer).Count)));
    }

    [Test]
    public async Task CommitAsync_TellsAcceptedDuplicateAndConflictApart()
    {
        var database = await MigratedDatabaseAsync();
        var store = new OutboxStore(database);
        var key = Guid.NewGuid().ToString();

        var outcomes = await store.CommitAsync([Delivery(key, "first body"), Delivery(key, "first body"), Delivery(key, "other body")], CancellationToken.None);

        await using var connection = await database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes, Is.EqualTo(new[] { DeliveryOutcome.Accepted, DeliveryOutcome.Duplicate, DeliveryOutcome.Conflict }));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.outbox_deliveries"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.delivery_conflicts"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ClaimAsyncByTwoRelays_NeverReturnsTheSameRow()
    {
        var database = await MigratedDatabaseAsync();
        var store = new OutboxStore(database);
        const int rows = 40;
        await store.CommitAsync(Enumerable.Range(0, rows).Select(i => Delivery($"claim-{i}", $"body {i}")).ToList(), CancellationToken.None);

        var claims = await Task.WhenAll(
            Task.Run(() => ClaimAllAsync(store, "relay-a")),
            Task.Run(() => ClaimAllAsync(store, "relay-b")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(claims[0].Intersect(claims[1]), Is.Empty);
            Assert.That(claims[0].Concat(claims[1]).Count(), Is.EqualTo(rows));
        }
    }

    [Test]
    public async Task MarkPublishedAsync_TakesOnlyTheRelaysOwnRowsOffTheBacklog()
    {
        var database = await MigratedDatabaseAsync();
        var store = new OutboxStore(database);
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
    public async Task InboxRecord_InsertsOnceThenNothing()
    {
        var database = await MigratedDatabaseAsync();
        var record = new { Consumer = "inbox-probe", MessageId = Guid.NewGuid(), MessageType = nameof(InboxProbe), ReceivedAt = 1L };
        await using var connection = await database.OpenAsync();

        var first = await connection.ExecuteAsync(InboxFilter<InboxProbeConsumer, InboxProbe>.SqlServerSql.Record, record);
        var again = await connection.ExecuteAsync(InboxFilter<InboxProbeConsumer, InboxProbe>.SqlServerSql.Record, record);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(1));
            Assert.That(again, Is.Zero);
        }
    }

    [Test]
    public async Task Retention_DeletesOnlyDueRowsInSlices()
    {
        var database = await MigratedDatabaseAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-31).ToUnixTimeMilliseconds();
        await using (var connection = await database.OpenAsync())
        {
            foreach (var receivedAt in new[] { old, old, old, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })
            {
                await connection.ExecuteAsync(
                    "INSERT INTO dbo.delivery_conflicts (idempotency_key, received_at, body, body_sha256) VALUES (N'k', @ReceivedAt, 0x00, @Hash)",
                    new { ReceivedAt = receivedAt, Hash = new byte[32] });
            }
        }

        var rule = new RetentionRule("delivery_conflicts", "Ingress:RejectedRetention", () => TimeSpan.FromDays(30),
            IngressRetention.SqliteSql.DeleteConflicts, IngressRetention.SqlServerSql.DeleteConflicts);
        var retention = new DatabaseRetention(database, [rule], Options.Create(new RetentionOptions { SliceSize = 2 }),
            TimeProvider.System, NullLogger<DatabaseRetention>.Instance);

        var results = await retention.DeleteDueRowsAsync(CancellationToken.None);

        await using var check = await database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results, Is.EqualTo(new[] { new RetentionResult("delivery_conflicts", 3, 2) }));
            Assert.That(await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM dbo.delivery_conflicts"), Is.EqualTo(1));
        }
    }

    private static IncomingDelivery Delivery(string key, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new IncomingDelivery(key, "PARTICIPANT_JOINED", "session-1", bytes, SHA256.HashData(bytes), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
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

    private async Task<Database> EmptyDatabaseAsync()
    {
        var name = $"jaas_{Guid.NewGuid():N}";
        await using (var master = new SqlConnection(container!.GetConnectionString()))
        {
            await master.ExecuteAsync($"CREATE DATABASE [{name}]");
        }

        var connectionString = new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = name }.ConnectionString;
        return new Database(name, new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = connectionString });
    }

    private async Task<Database> MigratedDatabaseAsync()
    {
        var database = await EmptyDatabaseAsync();
        await MigrateAsync(database);
        return database;
    }

    private async Task MigrateAsync(Database database)
    {
        foreach (var assembly in MigrationAssemblies)
        {
            await migrator.MigrateAsync(database, assembly);
        }
    }

    private static async Task<List<(string Module, int Version)>> VersionsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string, int)>("SELECT module, version FROM dbo.schema_versions ORDER BY module, version")).ToList();
    }
}
