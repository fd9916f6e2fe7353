using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Ingress;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Transcription.Tests;

/// <summary>The real ingress and the real transcription service in one Kestrel host on 127.0.0.1, over real SQLite files (or the databases given).</summary>
public sealed class TranscriptionTestHost : IAsyncDisposable
{
    public const string Secret = "whsec_transcription_tests_000000000";
    private readonly ModuleTestHost host;

    private TranscriptionTestHost(ModuleTestHost host) => this.host = host;

    public HttpClient Client => host.Client;

    public TranscriptStore Store => host.Services.GetRequiredService<TranscriptStore>();

    public Database Database => host.Services.GetRequiredKeyedService<Database>(TranscriptionExtensions.ServiceName);

    public IBus Bus => host.Bus;

    public static Task<TranscriptionTestHost> StartAsync(TempFolder folder, IDictionary<string, string?>? extraSettings = null) =>
        StartAsync(
            new Dictionary<string, string?>
            {
                ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString("ingress"),
                ["Transcription:Database:ConnectionString"] = folder.SqliteConnectionString("transcription"),
            },
            extraSettings);

    /// <summary>The same host on the given databases (a backend of <see cref="TestDatabaseBackend"/>: SQLite or SQL Server).</summary>
    public static Task<TranscriptionTestHost> StartAsync(TestDatabase ingress, TestDatabase transcription, IDictionary<string, string?>? extraSettings = null) =>
        StartAsync(ingress.Settings("Ingress:Database").Concat(transcription.Settings("Transcription:Database")).ToDictionary(), extraSettings);

    private static async Task<TranscriptionTestHost> StartAsync(IDictionary<string, string?> databases, IDictionary<string, string?>? extraSettings)
    {
        var settings = new Dictionary<string, string?>(databases)
        {
            ["Ingress:WebhookSecrets:0"] = Secret,
            ["Ingress:Relay:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new TranscriptionTestHost(await ModuleTestHost.StartAsync(
            settings,
            builder =>
            {
                builder.AddIngress();
                builder.AddTranscription();
            },
            bus => bus.AddTranscriptionConsumers(),
            app =>
            {
                app.MapIngressApi();
                app.MapTranscriptionApi();
            }));
    }

    /// <summary>Posts a delivery to the ingress signed as JaaS signs it, and insists on a 200.</summary>
    public Task DeliverAsync(string body) => SignedDelivery.DeliverAsync(Client, Secret, body);

    /// <summary>Waits until the meeting's transcript holds <paramref name="count"/> phrases.</summary>
    public Task WaitForSegmentsAsync(string sessionId, int count) =>
        Eventually.WaitUntilAsync(
            async () => (await Store.TranscriptAsync(sessionId, CancellationToken.None))?.Segments.Count >= count,
            TimeSpan.FromSeconds(30), $"{count} phrases of {sessionId} are stored");

    /// <summary>Waits until the transcription service's inbox has handled every one of <paramref name="messageIds"/> (bus MessageIds).</summary>
    public Task WaitHandledAsync(IReadOnlyCollection<Guid> messageIds) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                await using var connection = await Database.OpenAsync();
                // Text on SQLite, UNIQUEIDENTIFIER on SQL Server.
                var handled = Database.Provider == DatabaseProvider.Sqlite
                    ? (await connection.QueryAsync<string>("SELECT message_id FROM inbox_messages")).ToHashSet(StringComparer.OrdinalIgnoreCase)
                    : (await connection.QueryAsync<Guid>("SELECT message_id FROM inbox_messages")).Select(id => id.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                return messageIds.All(id => handled.Contains(id.ToString()));
            },
            TimeSpan.FromSeconds(30), $"the transcription inbox has handled {messageIds.Count} messages");

    /// <summary>Waits until the deliveries with these idempotency keys have been handled by the transcription service.</summary>
    public Task WaitHandledAsync(IEnumerable<string> idempotencyKeys) =>
        WaitHandledAsync(idempotencyKeys.Select(JaasMessageId.FromIdempotencyKey).Distinct().ToList());

    /// <summary>Stores phrases directly, in one transaction (as the consumer would, without the bus).</summary>
    public async Task StoreDirectlyAsync(IEnumerable<TranscriptSegment> segments)
    {
        await ConsumerTransaction.CommitAsync(Database, async write =>
        {
            foreach (var segment in segments)
            {
                await Store.AppendSegmentAsync(write.Inbox, segment);
            }
        });
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
