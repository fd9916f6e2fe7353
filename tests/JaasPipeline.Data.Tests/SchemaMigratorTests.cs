using System.Reflection;
using Dapper;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace JaasPipeline.Data.Tests;

/// <summary>STYLE.md 11: numbered scripts, applied at start-up each once, recorded in schema_versions (real SQLite files).</summary>
public sealed class SchemaMigratorTests
{
    private static readonly Assembly Messaging = typeof(InboxTransaction).Assembly;
    private static readonly Assembly Ingress = typeof(OutboxStore).Assembly;

    private readonly SchemaMigrator migrator = new(NullLogger<SchemaMigrator>.Instance);
    private TempFolder folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => folder = new TempFolder("jaas-migrator");

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public async Task FreshDatabase_AppliesEveryScriptAndRecordsIt()
    {
        var database = NewDatabase();

        await MigrateAsync(database);

        var recorded = (await VersionsAsync(database)).Select(v => (v.Module, (int)v.Version, v.Name));
        Assert.That(recorded, Is.EquivalentTo(Expected(Messaging, Ingress)));
    }

    [Test]
    public async Task SecondRun_AppliesNothing()
    {
        var database = NewDatabase();
        await MigrateAsync(database);
        var first = await VersionsAsync(database);

        // The ingress's SQLite script has no IF NOT EXISTS: applying it again would throw.
        await MigrateAsync(database);

        Assert.That(await VersionsAsync(database), Is.EqualTo(first));
    }

    [Test]
    public async Task Migration_CreatesTheTables()
    {
        var database = NewDatabase();

        await MigrateAsync(database);

        await using var connection = await database.OpenAsync();
        var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'");
        Assert.That(tables, Is.SupersetOf(new[]
        {
            "schema_versions", "inbox_messages", "outbox_deliveries", "delivery_conflicts", "rejected_deliveries", "relay_checkpoints",
        }));
    }

    [Test]
    public async Task Migration_PutsTheFileInWalMode()
    {
        var database = NewDatabase();

        await MigrateAsync(database);

        // A plain connection, not Database.OpenAsync: WAL must be a property of the file, not of our connections.
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
    }

    [Test]
    public async Task TwoMigratorsStartedTogether_ApplyEachScriptExactlyOnce()
    {
        // Forty non-idempotent scripts make each run long enough to overlap the other; a script applied twice throws.
        var many = new ScriptsAssembly("JaasPipeline.Data.Tests.Many", Enumerable.Range(1, 40).ToDictionary(
            i => $"JaasPipeline.Data.Tests.Many.Migrations.Sqlite.{i:D4}_create_gadgets_{i}.sql",
            i => $"CREATE TABLE gadgets_{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"));
        Assembly[] assemblies = [Messaging, Ingress, many];

        // Several fresh files, so the two runs overlap in more than one way (creating the file, WAL, the versions table).
        for (var round = 0; round < 10; round++)
        {
            var name = $"concurrent-{round}";
            Database[] instances =
            [
                new(name, new DatabaseOptions { ConnectionString = folder.SqliteConnectionString(name) }),
                new(name, new DatabaseOptions { ConnectionString = folder.SqliteConnectionString(name) }),
            ];
            using var start = new Barrier(instances.Length);

            await Task.WhenAll(instances.Select(instance => Task.Run(async () =>
            {
                var instanceMigrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);
                start.SignalAndWait();
                foreach (var assembly in assemblies)
                {
                    await instanceMigrator.MigrateAsync(instance, assembly);
                }
            })));

            var recorded = (await VersionsAsync(instances[0])).Select(v => (v.Module, (int)v.Version, v.Name));
            Assert.That(recorded, Is.EquivalentTo(Expected(assemblies)), $"round {round}");
        }
    }

    [TestCase("create_things.sql")]
    [TestCase("1_create_things.sql")]
    [TestCase("00002_create_things.sql")]
    [TestCase("0002-create_things.sql")]
    [TestCase("0002_create things.sql")]
    public async Task BadlyNamedScript_IsRefusedBeforeAnythingIsApplied(string badName)
    {
        var assembly = new ScriptsAssembly("JaasPipeline.Data.Tests.BadlyNamed", new Dictionary<string, string>
        {
            ["JaasPipeline.Data.Tests.BadlyNamed.Migrations.Sqlite.0001_create_gadgets.sql"] = "CREATE TABLE gadgets (id INTEGER PRIMARY KEY);",
            [$"JaasPipeline.Data.Tests.BadlyNamed.Migrations.Sqlite.{badName}"] = "CREATE TABLE things (id INTEGER PRIMARY KEY);",
        });
        var database = NewDatabase();

        Assert.That(() => SchemaMigrator.Scripts(assembly, DatabaseProvider.Sqlite),
            Throws.InvalidOperationException.With.Message.Contains(badName).And.Message.Contains("NNNN_description.sql"));
        await Assert.ThatAsync(() => migrator.MigrateAsync(database, assembly), Throws.InvalidOperationException);
        await using var connection = await database.OpenAsync();
        Assert.That(await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'"), Is.Empty);
    }

    [Test]
    public void Script_IsSplitIntoBatchesOnLinesThatSayGo()
    {
        var assembly = new ScriptsAssembly("JaasPipeline.Data.Tests.Batches", new Dictionary<string, string>
        {
            ["JaasPipeline.Data.Tests.Batches.Migrations.SqlServer.0001_batches.sql"] =
                "CREATE TABLE a (id INT);\r\nGO\r\nCREATE TABLE b (id INT);\n  go  \n\nGO\nCREATE TABLE c (category INT); -- GOTO is no GO\nGOTO done\n",
        });

        var script = SchemaMigrator.Scripts(assembly, DatabaseProvider.SqlServer).Single();

        Assert.That(script.Batches, Is.EqualTo(new[]
        {
            "CREATE TABLE a (id INT);",
            "CREATE TABLE b (id INT);",
            "CREATE TABLE c (category INT); -- GOTO is no GO\nGOTO done",
        }));
    }

    [Test]
    public void Scripts_AreOrderedByTheirNumber()
    {
        var assembly = new ScriptsAssembly("JaasPipeline.Data.Tests.Ordered", new Dictionary<string, string>
        {
            ["JaasPipeline.Data.Tests.Ordered.Migrations.Sqlite.0010_last.sql"] = "SELECT 10;",
            ["JaasPipeline.Data.Tests.Ordered.Migrations.Sqlite.0002_second.sql"] = "SELECT 2;",
            ["JaasPipeline.Data.Tests.Ordered.Migrations.Sqlite.0001_first.sql"] = "SELECT 1;",
            ["JaasPipeline.Data.Tests.Ordered.Migrations.SqlServer.0003_other_dialect.sql"] = "SELECT 3;",
        });

        var scripts = SchemaMigrator.Scripts(assembly, DatabaseProvider.Sqlite);

        Assert.That(scripts.Select(s => (s.Version, s.Name)), Is.EqualTo(new[] { (1, "0001_first.sql"), (2, "0002_second.sql"), (10, "0010_last.sql") }));
    }

    private Database NewDatabase()
    {
        var name = $"migrated-{Guid.NewGuid():N}";
        return new Database(name, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = folder.SqliteConnectionString(name) });
    }

    private async Task MigrateAsync(Database database)
    {
        await migrator.MigrateAsync(database, Messaging);
        await migrator.MigrateAsync(database, Ingress);
    }

    private static IEnumerable<(string Module, int Version, string Name)> Expected(params Assembly[] assemblies) =>
        from assembly in assemblies
        from script in SchemaMigrator.Scripts(assembly, DatabaseProvider.Sqlite)
        select (assembly.GetName().Name!, script.Version, script.Name);

    private static async Task<List<AppliedVersion>> VersionsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<AppliedVersion>(
            "SELECT module, version, name, applied_at AS AppliedAt FROM schema_versions ORDER BY module, version")).ToList();
    }

    private sealed record AppliedVersion(string Module, long Version, string Name, long AppliedAt);
}
