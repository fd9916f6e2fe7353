using System.Data;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Testing;
using Microsoft.Data.SqlClient;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>
/// What only SQL Server does, on SQL Server in a container: its default collation is case-insensitive (so the key
/// columns carry BIN2, as the ScriptDom model of the migrations says), a claim skips rows another claim has locked
/// (READPAST) instead of waiting, and a value over a column's width is a row fault. Ignored, with the reason, where no
/// Docker engine answers; SQLite has none of these, so there is no SQLite run.
/// </summary>
public sealed class SqlServerBehaviourTests
{
    private TestDatabase database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() =>
        database = await TestDatabaseBackend.SqlServer.CreateMigratedAsync("sqlserver-behaviour",
            [.. SqlServerStatements.Assemblies.Where(assembly => SchemaMigrator.Scripts(assembly, DatabaseProvider.SqlServer).Count > 0)]);

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Test]
    public async Task ServerCollations_AreTheOnesTheMigrationModelSays()
    {
        await using var connection = await database.Database.OpenAsync();
        var defaultComparesCase = await connection.ExecuteScalarAsync<int>("SELECT CASE WHEN N'k' = N'K' THEN 0 ELSE 1 END");
        var onServer = (await connection.QueryAsync<(string Table, string Column, string? Collation)>("""
            SELECT t.name, c.name, c.collation_name FROM sys.columns AS c JOIN sys.tables AS t ON t.object_id = c.object_id
            WHERE c.collation_name IS NOT NULL
            """)).ToDictionary(column => (column.Table, column.Column), column => column.Collation);

        var differing = SqlServerSchema.FromMigrations.Columns
            .Where(column => column.IsCharacter && onServer.ContainsKey((column.Table, column.Name)))
            .Where(column => column.ComparesBinary != (onServer[(column.Table, column.Name)]?.Contains("_BIN", StringComparison.Ordinal) ?? false))
            .Select(column => $"{column.Table}.{column.Name}: model {column.Collation ?? "default"}, server {onServer[(column.Table, column.Name)]}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(defaultComparesCase, Is.Zero, "the container's default collation is case-insensitive: why the keys carry BIN2");
            Assert.That(differing, Is.Empty);
        }
    }

    [Test]
    public async Task ClaimWhileAnotherClaimHoldsItsRows_SkipsThemInsteadOfWaiting()
    {
        var store = new OutboxStore(database.Database);
        var prefix = Guid.NewGuid().ToString("N");
        await store.CommitAsync(Enumerable.Range(0, 4).Select(i => Delivery($"{prefix}-{i}")).ToList(), CancellationToken.None);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var claim = new { BatchSize = 2, Now = now, ClaimedUntil = now + 60_000 };

        await using var holder = (SqlConnection)await database.Database.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        var held = (await holder.QueryAsync<OutboxRow>(OutboxStore.SqlServerSql.Claim, new { RelayId = "holder", claim.BatchSize, claim.Now, claim.ClaimedUntil }, holding))
            .Select(row => row.Id).ToList();

        // A short command timeout: without READPAST this claim would wait on the held rows and time out.
        await using var other = await database.Database.OpenAsync();
        var skipped = (await other.QueryAsync<OutboxRow>(OutboxStore.SqlServerSql.Claim, new { RelayId = "other", claim.BatchSize, claim.Now, claim.ClaimedUntil }, commandTimeout: 5))
            .Select(row => row.Id).ToList();
        await holding.RollbackAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(held, Has.Count.EqualTo(2));
            Assert.That(skipped, Has.Count.EqualTo(2));
            Assert.That(skipped.Intersect(held), Is.Empty);
        }
    }

    [Test]
    public async Task KeyOverItsColumnWidth_IsARowFault()
    {
        var store = new OutboxStore(database.Database);

        var refused = Assert.CatchAsync(() => store.CommitAsync([Delivery(new string('k', 401))], CancellationToken.None));

        Assert.That(database.Database.IsRowFault(refused!), Is.True, refused!.Message);
    }

    private static IncomingDelivery Delivery(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        return new IncomingDelivery(key, "PARTICIPANT_JOINED", "session-1", bytes, SHA256.HashData(bytes), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
