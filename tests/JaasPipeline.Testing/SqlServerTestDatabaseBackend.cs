using Dapper;
using JaasPipeline.Data;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace JaasPipeline.Testing;

/// <summary>
/// The production backend: SQL Server 2022 in a container (Testcontainers.MsSql), one container for the whole test
/// assembly, one fresh database per <see cref="CreateAsync"/>. Where no Docker engine answers the test is ignored with
/// the reason, so the run shows it skipped, never passed.
/// </summary>
public sealed class SqlServerTestDatabaseBackend : TestDatabaseBackend
{
    public const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    // Started by the first fixture that needs it; stopped when the test process exits (and reaped by Testcontainers'
    // Ryuk should the process die first).
    private static readonly Lazy<Task<MsSqlContainer>> Container = new(StartContainerAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override async Task<TestDatabase> CreateAsync(string service)
    {
        if (DockerEngine.WhyMissing is { } reason)
        {
            Assert.Ignore($"No Docker engine: {reason}. The SQL Server run of this suite needs one (Testcontainers.MsSql).");
        }

        var container = await Container.Value;
        var name = $"jaas_{service.Replace('-', '_')}_{Guid.NewGuid():N}";
        await using (var master = new SqlConnection(container.GetConnectionString()))
        {
            // The name is ours (letters, digits, underscores): a database name cannot be a parameter.
            await master.ExecuteAsync($"CREATE DATABASE [{name}]");
        }

        var connectionString = new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = name }.ConnectionString;
        var database = new Database(service, new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = connectionString });
        return new TestDatabase(database, async () =>
        {
            SqlConnection.ClearAllPools();
            await using var master = new SqlConnection(container.GetConnectionString());
            await master.ExecuteAsync($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];");
        });
    }

    private static async Task<MsSqlContainer> StartContainerAsync()
    {
        var container = new MsSqlBuilder(Image).Build();
        await container.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return container;
    }
}
