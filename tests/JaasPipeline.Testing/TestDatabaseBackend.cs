using System.Reflection;
using JaasPipeline.Data;
using Microsoft.Extensions.Logging.Abstractions;

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

    // The fixture's name in the test run: "OutboxStoreTests(Sqlite)", "OutboxStoreTests(SqlServer)".
    public override string ToString() => Provider.ToString();
}

/// <summary>A fresh database of one backend for one fixture, dropped (or deleted) on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> drop;

    public TestDatabase(Database database, Func<ValueTask> drop)
    {
        // As AddServiceDatabase does for a service: the stores read Unix-ms columns as DateTimeOffset through it.
        UnixMillisecondsTypeHandler.Register();
        Database = database;
        this.drop = drop;
    }

    public Database Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>The settings a service reads from its <c>Database</c> section, for a test host on this database.</summary>
    public IDictionary<string, string?> Settings(string section) => new Dictionary<string, string?>
    {
        [$"{section}:Provider"] = Database.Provider.ToString(),
        [$"{section}:ConnectionString"] = Database.ConnectionString,
    };

    /// <summary>Applies the migrations of each module (its assembly), each once, as a service does at start-up.</summary>
    public async Task MigrateAsync(params Assembly[] modules)
    {
        var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);
        foreach (var module in modules)
        {
            await migrator.MigrateAsync(Database, module);
        }
    }

    /// <summary>A second <see cref="Data.Database"/> on the same data, as a second instance of the service would have.</summary>
    public Database Twin() => new(Database.Name, new DatabaseOptions { Provider = Database.Provider, ConnectionString = Database.ConnectionString });

    public ValueTask DisposeAsync() => drop();
}
