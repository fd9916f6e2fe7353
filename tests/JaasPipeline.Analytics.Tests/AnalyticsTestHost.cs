using Dapper;
using JaasPipeline.Data;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The real analytics module in a Kestrel host on 127.0.0.1, over a real SQLite file (or the database given), on the in-memory bus.</summary>
public sealed class AnalyticsTestHost : IAsyncDisposable
{
    private readonly ModuleTestHost host;

    private AnalyticsTestHost(ModuleTestHost host, string artifactRoot)
    {
        this.host = host;
        ArtifactRoot = artifactRoot;
    }

    public HttpClient Client => host.Client;

    /// <summary>Where the module reads statistics files (what the media-artifacts service would write).</summary>
    public string ArtifactRoot { get; }

    public IBus Bus => host.Bus;

    /// <summary>The module's database, as the host opened it.</summary>
    public Database Database => host.Services.GetRequiredKeyedService<Database>(AnalyticsExtensions.ServiceName);

    /// <param name="clock">The module's clock (the gap windows are measured against it); the system clock when null.</param>
    public static Task<AnalyticsTestHost> StartAsync(TempFolder folder, IDictionary<string, string?>? extraSettings = null, TimeProvider? clock = null) =>
        StartAsync(folder, new Dictionary<string, string?> { ["Analytics:Database:ConnectionString"] = folder.SqliteConnectionString("analytics") }, extraSettings, clock);

    /// <summary>The same host on the given database (a backend of <see cref="TestDatabaseBackend"/>: SQLite or SQL Server); files in <paramref name="folder"/>.</summary>
    public static Task<AnalyticsTestHost> StartAsync(TempFolder folder, TestDatabase database, IDictionary<string, string?>? extraSettings = null) =>
        StartAsync(folder, database.Settings("Analytics:Database"), extraSettings, null);

    private static async Task<AnalyticsTestHost> StartAsync(
        TempFolder folder, IDictionary<string, string?> databaseSettings, IDictionary<string, string?>? extraSettings, TimeProvider? clock)
    {
        var artifactRoot = Path.Combine(folder.Path, "artifacts");
        var settings = new Dictionary<string, string?>(databaseSettings)
        {
            ["Analytics:ArtifactStorageRoot"] = artifactRoot,
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = await ModuleTestHost.StartAsync(
            settings,
            builder =>
            {
                if (clock is not null)
                {
                    builder.Services.AddSingleton(clock);
                }

                builder.AddAnalytics();
            },
            bus => bus.AddAnalyticsConsumers(),
            app => app.MapAnalyticsApi());
        return new AnalyticsTestHost(host, artifactRoot);
    }

    /// <summary>Publishes a message under a fresh MessageId and returns the id.</summary>
    public async Task<Guid> PublishAsync(object message)
    {
        var messageId = NewId.NextGuid();
        await Bus.Publish(message, context => context.MessageId = messageId);
        return messageId;
    }

    /// <summary>Waits until <paramref name="consumer"/> has handled (inbox) or given up on (faulted) every one of the
    /// messages, and returns how many it gave up on.</summary>
    public async Task<int> FaultedOnceSettledAsync(string consumer, IReadOnlyCollection<Guid> messageIds)
    {
        var ids = messageIds.Select(id => id.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var faulted = 0;
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var connection = await Database.OpenAsync();
            var handled = (await MessageIdsAsync(connection, "SELECT message_id FROM inbox_messages WHERE consumer = @Consumer", new { Consumer = consumer }))
                .Count(ids.Contains);
            // One row per message and queue (the queue's consumers share a delivery), named by MassTransit's consumer type.
            faulted = (await MessageIdsAsync(connection, "SELECT message_id FROM faulted_messages", null)).Count(ids.Contains);
            return handled + faulted >= ids.Count;
        }, TimeSpan.FromSeconds(60), $"{consumer} has settled {ids.Count} messages");
        return faulted;
    }

    /// <summary>The call-quality row of a statistics file: its status and failed attempts, or null if there is none.</summary>
    public async Task<(string Status, long Attempts)?> QualityRowAsync(string idempotencyKey)
    {
        await using var connection = await Database.OpenAsync();
        // INTEGER on SQLite, INT on SQL Server: the cast makes both a 64-bit integer.
        var rows = await connection.QueryAsync<(string, long)>(
            "SELECT status, CAST(attempts AS BIGINT) FROM analytics_call_quality WHERE idempotency_key = @Key", new { Key = idempotencyKey });
        return rows.Select(row => ((string, long)?)row).SingleOrDefault();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    // Message ids are text on SQLite and UNIQUEIDENTIFIER on SQL Server.
    private async Task<IEnumerable<string>> MessageIdsAsync(System.Data.Common.DbConnection connection, string sql, object? parameters) =>
        Database.Provider == DatabaseProvider.Sqlite
            ? await connection.QueryAsync<string>(sql, parameters)
            : (await connection.QueryAsync<Guid>(sql, parameters)).Select(id => id.ToString());
}
