using System.Net.Http.Headers;
using System.Text;
using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Ingress;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Transcription.Tests;

/// <summary>The real ingress and the real transcription service in one Kestrel host on 127.0.0.1, over real SQLite files.</summary>
public sealed class TranscriptionTestHost : IAsyncDisposable
{
    public const string Secret = "whsec_transcription_tests_000000000";
    private readonly WebApplication app;

    private TranscriptionTestHost(WebApplication app)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public TranscriptStore Store => app.Services.GetRequiredService<TranscriptStore>();

    public Database Database => app.Services.GetRequiredKeyedService<Database>(TranscriptionExtensions.ServiceName);

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public static async Task<TranscriptionTestHost> StartAsync(TempFolder folder, IDictionary<string, string?>? extraSettings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ingress:WebhookSecrets:0"] = Secret,
            ["Ingress:Database:ConnectionString"] = folder.SqliteConnectionString("ingress"),
            ["Ingress:Relay:PollInterval"] = "00:00:00.200",
            ["Transcription:Database:ConnectionString"] = folder.SqliteConnectionString("transcription"),
            ["Messaging:Transport"] = "InMemory",
        });
        builder.Configuration.AddInMemoryCollection(extraSettings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.AddIngress();
        builder.AddTranscription();
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddTranscriptionConsumers());

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngressApi();
        app.MapTranscriptionApi();
        await app.StartAsync();
        return new TranscriptionTestHost(app);
    }

    /// <summary>Posts a delivery to the ingress signed as JaaS signs it, and insists on a 200.</summary>
    public async Task DeliverAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookApi.Route) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), bytes));
        using var response = await Client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

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
                var handled = (await connection.QueryAsync<string>("SELECT message_id FROM inbox_messages")).ToHashSet(StringComparer.OrdinalIgnoreCase);
                return messageIds.All(id => handled.Contains(id.ToString()));
            },
            TimeSpan.FromSeconds(30), $"the transcription inbox has handled {messageIds.Count} messages");

    /// <summary>Waits until the deliveries with these idempotency keys have been handled by the transcription service.</summary>
    public Task WaitHandledAsync(IEnumerable<string> idempotencyKeys) =>
        WaitHandledAsync(idempotencyKeys.Select(JaasMessageId.FromIdempotencyKey).Distinct().ToList());

    /// <summary>Stores phrases directly, in one transaction (as the consumer would, without the bus).</summary>
    public async Task StoreDirectlyAsync(IEnumerable<TranscriptSegment> segments)
    {
        await using var connection = await Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var segment in segments)
        {
            await Store.AppendSegmentAsync(connection, transaction, segment);
        }

        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
