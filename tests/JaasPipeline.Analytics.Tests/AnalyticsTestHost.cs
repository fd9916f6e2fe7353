using Dapper;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The real analytics module in a Kestrel host on 127.0.0.1, over a real SQLite file, on the in-memory bus.</summary>
public sealed class AnalyticsTestHost : IAsyncDisposable
{
    private readonly ModuleTestHost host;
    private readonly string connectionString;

    private AnalyticsTestHost(ModuleTestHost host, string artifactRoot, string connectionString)
    {
        this.host = host;
        this.connectionString = connectionString;
        ArtifactRoot = artifactRoot;
    }

    public HttpClient Client => host.Client;

    /// <summary>Where the module reads statistics files (what the media-artifacts service would write).</summary>
    public string ArtifactRoot { get; }

    public IBus Bus => host.Bus;

    public static async Task<AnalyticsTestHost> StartAsync(TempFolder folder, IDictionary<string, string?>? extraSettings = null)
    {
        var artifactRoot = Path.Combine(folder.Path, "artifacts");
        var settings = new Dictionary<string, string?>
        {
            ["Analytics:Database:ConnectionString"] = folder.SqliteConnectionString("analytics"),
            ["Analytics:ArtifactStorageRoot"] = artifactRoot,
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = await ModuleTestHost.StartAsync(
            settings, builder => builder.AddAnalytics(), bus => bus.AddAnalyticsConsumers(), app => app.MapAnalyticsApi());
        return new AnalyticsTestHost(host, artifactRoot, folder.SqliteConnectionString("analytics"));
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
            await using var connection = new SqliteConnection(connectionString);
            var handled = (await connection.QueryAsync<string>("SELECT message_id FROM inbox_messages WHERE consumer = @Consumer", new { Consumer = consumer }))
                .Count(ids.Contains);
            // One row per message and queue (the queue's consumers share a delivery), named by MassTransit's consumer type.
            faulted = (await connection.QueryAsync<string>("SELECT message_id FROM faulted_messages")).Count(ids.Contains);
            return handled + faulted >= ids.Count;
        }, TimeSpan.FromSeconds(60), $"{consumer} has settled {ids.Count} messages");
        return faulted;
    }

    /// <summary>The call-quality row of a statistics file: its status and failed attempts, or null if there is none.</summary>
    public async Task<(string Status, long Attempts)?> QualityRowAsync(string idempotencyKey)
    {
        await using var connection = new SqliteConnection(connectionString);
        var rows = await connection.QueryAsync<(string, long)>(
            "SELECT status, attempts FROM analytics_call_quality WHERE idempotency_key = @Key", new { Key = idempotencyKey });
        return rows.Select(row => ((string, long)?)row).SingleOrDefault();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
