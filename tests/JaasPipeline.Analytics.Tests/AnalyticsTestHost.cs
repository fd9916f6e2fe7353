using Dapper;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The real analytics module in a Kestrel host on 127.0.0.1, over a real SQLite file, on the in-memory bus.</summary>
public sealed class AnalyticsTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly string connectionString;

    private AnalyticsTestHost(WebApplication app, string artifactRoot, string connectionString)
    {
        this.app = app;
        this.connectionString = connectionString;
        ArtifactRoot = artifactRoot;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    /// <summary>Where the module reads statistics files (what the media-artifacts service would write).</summary>
    public string ArtifactRoot { get; }

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public static async Task<AnalyticsTestHost> StartAsync(TempFolder folder, IDictionary<string, string?>? extraSettings = null)
    {
        var artifactRoot = Path.Combine(folder.Path, "artifacts");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:Database:ConnectionString"] = folder.SqliteConnectionString("analytics"),
            ["Analytics:ArtifactStorageRoot"] = artifactRoot,
            ["Messaging:Transport"] = "InMemory",
        });
        builder.Configuration.AddInMemoryCollection(extraSettings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.AddAnalytics();
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddAnalyticsConsumers());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapAnalyticsApi();
        await app.StartAsync();
        return new AnalyticsTestHost(app, artifactRoot, folder.SqliteConnectionString("analytics"));
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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
