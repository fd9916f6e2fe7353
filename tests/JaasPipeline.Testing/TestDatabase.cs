using System.Reflection;
using JaasPipeline.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace JaasPipeline.Testing;

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
