using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Data;
using JaasPipeline.Ingress;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Operations;
using JaasPipeline.Testing;
using JaasPipeline.Traffic;
using JaasPipeline.Transcription;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// The ingress and the attendance, analytics and transcription services in one Kestrel host on 127.0.0.1, on the real
/// RabbitMQ (a virtual host of its own) or the embedded default's in-memory bus, and SQLite files, with an admin key;
/// jaas-ops runs in-process against it.
/// </summary>
public sealed class OperationsPipeline : IAsyncDisposable
{
    public const string ApiKey = "operations-tests-key-0123456789";
    public const string Secret = "whsec_operations_tests_000000000000";

    private readonly ModuleTestHost host;
    private readonly TempFolder folder;
    private readonly TestVirtualHost? virtualHost;

    private OperationsPipeline(ModuleTestHost host, TempFolder folder, TestVirtualHost? virtualHost)
    {
        this.host = host;
        this.folder = folder;
        this.virtualHost = virtualHost;
    }

    public HttpClient Client => host.Client;

    public TestVirtualHost VirtualHost => virtualHost ?? throw new InvalidOperationException("This pipeline runs on the in-memory bus.");

    /// <summary>Deliveries each queue of this host has finished with: consumed, skipped or faulted.</summary>
    public ReceiveCompletions Completions => host.Services.GetRequiredService<ReceiveCompletions>();

    public Database DatabaseOf(string service) => host.Services.GetRequiredKeyedService<Database>(service);

    /// <summary>On the real RabbitMQ, in a virtual host of its own.</summary>
    public static async Task<OperationsPipeline> StartAsync(string prefix) => await StartAsync(await TestVirtualHost.CreateAsync(prefix));

    /// <summary>On the in-memory bus, as the embedded default runs.</summary>
    public static Task<OperationsPipeline> StartInMemoryAsync() => StartAsync(virtualHost: null);

    private static async Task<OperationsPipeline> StartAsync(TestVirtualHost? virtualHost)
    {
        var folder = new TempFolder();
        var settings = new Dictionary<string, string?>(virtualHost?.BusSettings ?? new Dictionary<string, string?>())
        {
            ["Api:Keys:0"] = ApiKey,
            ["Ingress:WebhookSecrets:0"] = Secret,
            ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString("ingress"),
            ["Ingress:Relay:PollInterval"] = "00:00:00.200",
            ["Ingress:Relay:MaxBackoff"] = "00:00:01",
            ["SettingsProvisioning:SnapshotFile"] = Path.Combine(folder.Path, "room-settings.json"),
            ["Attendance:Database:ConnectionString"] = folder.SqliteConnectionString("attendance"),
            ["Analytics:Database:ConnectionString"] = folder.SqliteConnectionString("analytics"),
            ["Analytics:ArtifactStorageRoot"] = Path.Combine(folder.Path, "artifacts"),
            ["Transcription:Database:ConnectionString"] = folder.SqliteConnectionString("transcription"),
        };
        var host = await ModuleTestHost.StartAsync(
            settings,
            builder =>
            {
                builder.AddIngress();
                builder.AddAttendance();
                builder.AddAnalytics();
                builder.AddTranscription();
                // media-artifacts' side of reprocess (its downloads need a storage host this fixture has no use for).
                builder.Services.AddSingleton<MediaArtifactsClearing>();
                builder.Services.AddSingleton<ReceiveCompletions>();
                builder.Services.AddReceiveObserver(sp => sp.GetRequiredService<ReceiveCompletions>());
            },
            bus =>
            {
                bus.AddAttendanceConsumers();
                bus.AddAnalyticsConsumers();
                bus.AddTranscriptionConsumers();
            },
            app =>
            {
                app.MapErrorQueueApi();
                app.MapIngressApi();
                app.MapAttendanceApi();
                app.MapAnalyticsApi();
                app.MapTranscriptionApi();
                app.MapReprocessApi<MediaArtifactsClearing>(MediaArtifactsExtensions.ServiceName);
            });
        foreach (var queue in virtualHost is null ? Array.Empty<string>() : new[] { AttendanceExtensions.ServiceName, AnalyticsExtensions.ServiceName, TranscriptionExtensions.ServiceName })
        {
            await virtualHost!.WaitForConsumerAsync(queue);
        }

        return new OperationsPipeline(host, folder, virtualHost);
    }

    /// <summary>A whole simulated meeting (without CHAT_UPLOADED: no media-artifacts service here), in timestamp order.</summary>
    public static (string SessionId, IReadOnlyList<Delivery> Deliveries) PlanMeeting(int seed)
    {
        var meeting = Meeting.Plan(new Random(seed), DateTimeOffset.UtcNow, participantCount: 4);
        return (meeting.Expected.SessionId, meeting.Remaining.Where(d => d.EventType != "CHAT_UPLOADED").ToList());
    }

    public async Task DeliverAsync(IEnumerable<Delivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            await SignedDelivery.DeliverAsync(Client, Secret, Encoding.UTF8.GetString(delivery.Body));
        }
    }

    /// <summary>Runs jaas-ops in-process against this host with the admin key, capturing what it prints.</summary>
    public Task<OpsRun> RunOpsAsync(params string[] args) => RunOpsAsync(null, args);

    /// <summary>As <see cref="RunOpsAsync(string[])"/>, its HTTP through <paramref name="handler"/> (a test seam that changes some answers).</summary>
    public Task<OpsRun> RunOpsAsync(HttpMessageHandler? handler, params string[] args) =>
        OpsRun.RunAsync([.. args, "--ingress-url", Client.BaseAddress!.ToString(), "--api-key", ApiKey], handler);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string service, string sql, object? parameters = null)
    {
        await using var connection = await DatabaseOf(service).OpenAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    public async Task<int> ExecuteAsync(string service, string sql, object? parameters = null)
    {
        await using var connection = await DatabaseOf(service).OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>Every row of <paramref name="table"/> for one meeting, each as one line of text: a table's state to compare.</summary>
    public async Task<IReadOnlyList<string>> RowsAsync(string service, string table, string sessionId)
    {
        await using var connection = await DatabaseOf(service).OpenAsync();
        var rows = await connection.QueryAsync($"SELECT * FROM {table} WHERE session_id = @SessionId", new { SessionId = sessionId });
        return [.. rows.Select(row => string.Join("|", ((IDictionary<string, object?>)row).Select(c => $"{c.Key}={c.Value}"))).Order(StringComparer.Ordinal)];
    }

    public async Task<JsonNode?> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await Client.SendAsync(request);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        folder.Dispose();
        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }
    }
}

/// <summary>What one in-process jaas-ops run returned and printed.</summary>
public sealed record OpsRun(int ExitCode, string Output, string Error)
{
    public static async Task<OpsRun> RunAsync(string[] args, HttpMessageHandler? handler = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OpsCommandLine.RunAsync(args, output, error, handler);
        return new OpsRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}; out: {Output}; err: {Error}";
}
