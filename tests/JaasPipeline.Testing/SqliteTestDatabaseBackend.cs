using JaasPipeline.Data;

namespace JaasPipeline.Testing;

/// <summary>The embedded backend: a SQLite file in a temp folder of its own, deleted with the folder.</summary>
public sealed class SqliteTestDatabaseBackend : TestDatabaseBackend
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task<TestDatabase> CreateAsync(string service)
    {
        var folder = new TempFolder($"jaas-{service}");
        var database = new Database(service, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = folder.SqliteConnectionString(service) });
        return Task.FromResult(new TestDatabase(database, () =>
        {
            folder.Dispose();
            return ValueTask.CompletedTask;
        }));
    }
}
