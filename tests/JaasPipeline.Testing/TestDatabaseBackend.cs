using System.Reflection;
using JaasPipeline.Data;

namespace JaasPipeline.Testing;

/// <summary>
/// A database engine the store suites run on: one suite, two backends. Use it as the source of a
/// <c>[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]</c> fixture that takes the
/// backend in its constructor and creates its fresh database in <c>[OneTimeSetUp]</c>.
/// </summary>
public abstract class TestDatabaseBackend
{
    /// <summary>A SQLite file in a temp folder of its own.</summary>
    public static TestDatabaseBackend Sqlite { get; } = new SqliteTestDatabaseBackend();

    /// <summary>A database of its own on the one SQL Server container of the test assembly (Testcontainers); ignored where no Docker engine answers.</summary>
    public static TestDatabaseBackend SqlServer { get; } = new SqlServerTestDatabaseBackend();

    /// <summary>Every backend, as the fixture source of the store suites.</summary>
    public static IEnumerable<TestDatabaseBackend> All => [Sqlite, SqlServer];

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// A fresh, empty database named after <paramref name="service"/> (its owning service: the name the stores'
    /// <see cref="Database"/> carries). Marks the test ignored, with the reason, when the backend cannot run here.
    /// </summary>
    public abstract Task<TestDatabase> CreateAsync(string service);

    /// <summary>A fresh database with the migrations of <paramref name="modules"/> applied, as a service applies them at start-up.</summary>
    public async Task<TestDatabase> CreateMigratedAsync(string service, params Assembly[] modules)
    {
        var database = await CreateAsync(service);
        await database.MigrateAsync(modules);
        return database;
    }

    // The fixture's name in the test run: "IngressStoreTests(Sqlite)", "IngressStoreTests(SqlServer)".
    public override string ToString() => Provider.ToString();
}
