using Dapper;
using JaasPipeline.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JaasPipeline.Data.Tests;

/// <summary>The dialect seam: where SQLite files go, how connections are set up, which statement is used, and readiness.</summary>
public sealed class DatabaseTests
{
    private TempFolder folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => folder = new TempFolder("jaas-database");

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public async Task SqliteFileInAMissingFolder_FolderIsCreatedAndTheFileOpens()
    {
        var missing = Path.Combine(folder.Path, "not", "yet", "there");
        var file = Path.Combine(missing, "service.db");

        var database = Sqlite($"Data Source={file}");

        Assert.That(Directory.Exists(missing), Is.True);
        await using var connection = await database.OpenAsync();
        Assert.That(File.Exists(file), Is.True);
    }

    [Test]
    public async Task ReadOnlyFile_RefusesWrites_AndAConstraintIsARowFaultInstead()
    {
        var file = Path.Combine(folder.Path, "refusing.db");
        var writable = Sqlite($"Data Source={file}");
        await using (var connection = await writable.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t (id) VALUES (1)");
        }

        // Real errors from SQLite: a write through a read-only connection (what a read-only file or mount gives) and a
        // duplicate key.
        var readOnly = await ErrorOfAsync(Sqlite($"Data Source={file};Mode=ReadOnly"), "INSERT INTO t (id) VALUES (2)");
        var duplicate = await ErrorOfAsync(writable, "INSERT INTO t (id) VALUES (1)");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(writable.RefusesWrites(readOnly), Is.True, readOnly.Message);
            Assert.That(writable.RefusesWrites(new InvalidOperationException("wrapped", readOnly)), Is.True, "wrapped in another exception");
            Assert.That(writable.IsRowFault(readOnly), Is.False);
            Assert.That(writable.RefusesWrites(duplicate), Is.False, duplicate.Message);
            Assert.That(writable.IsRowFault(duplicate), Is.True);
            Assert.That(writable.RefusesWrites(new InvalidOperationException("a bug")), Is.False);
        }
    }

    private static async Task<Exception> ErrorOfAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        try
        {
            await connection.ExecuteAsync(sql);
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new AssertionException($"{sql} succeeded");
    }

    [Test]
    public void Location_OfSqlite_IsTheFullPath()
    {
        var file = Path.Combine(folder.Path, "located.db");

        Assert.That(Sqlite($"Data Source={file}").Location, Is.EqualTo(Path.GetFullPath(file)));
    }

    [Test]
    public void Location_OfSqlServer_NamesServerAndDatabaseButNoCredentials()
    {
        var database = new Database("svc", new DatabaseOptions
        {
            Provider = DatabaseProvider.SqlServer,
            ConnectionString = "Server=db.internal,1433;Database=attendance;User Id=sa;Password=Sup3r-Secret!;TrustServerCertificate=true",
        });

        Assert.That(database.Location, Is.EqualTo("db.internal,1433/attendance"));
        Assert.That(database.Location, Does.Not.Contain("Sup3r").And.Not.Contain("sa"));
    }

    [Test]
    public async Task OpenAsyncOnSqlite_SetsABusyTimeoutSoWritersQueue()
    {
        var database = Sqlite(folder.SqliteConnectionString("busy"));

        await using var connection = await database.OpenAsync();

        // SQLite's own default is 0: a second writer would fail at once with "database is locked".
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.GreaterThan(0));
    }

    [TestCase(DatabaseProvider.Sqlite, "sqlite statement")]
    [TestCase(DatabaseProvider.SqlServer, "T-SQL statement")]
    public void Sql_PicksTheStatementOfItsDialect(DatabaseProvider provider, string expected)
    {
        // Constructing a SQL Server database connects to nothing, so no server is needed here.
        var connectionString = provider == DatabaseProvider.Sqlite
            ? folder.SqliteConnectionString("dialect")
            : "Server=127.0.0.1,1;Database=jaas;User Id=sa;Password=unused;TrustServerCertificate=true";
        var database = new Database("dialect", new DatabaseOptions { Provider = provider, ConnectionString = connectionString });

        Assert.That(database.Sql(sqlite: "sqlite statement", sqlServer: "T-SQL statement"), Is.EqualTo(expected));
    }

    [Test]
    public async Task HealthCheckOnARealFile_IsHealthy()
    {
        var check = new DatabaseHealthCheck(Sqlite(folder.SqliteConnectionString("healthy")));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Exception?.ToString());
    }

    [Test]
    public async Task HealthCheckOnAPathThatCannotBeOpened_IsUnhealthyWithTheCause()
    {
        // The data source is a folder: SQLite cannot open it as a database file.
        var check = new DatabaseHealthCheck(Sqlite($"Data Source={folder.Path}"));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(result.Exception, Is.Not.Null);
        }
    }

    private static Database Sqlite(string connectionString) =>
        new("database-tests", new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = connectionString });
}
