using System.Net;
using System.Text.Json.Nodes;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// Poison messages on the real RabbitMQ: a message that fails every retry lands in the error queue while the rest of
/// the queue keeps flowing; the gauge and a Degraded readiness show it; once the cause is fixed the error-queue API
/// moves it back and it is handled once.
/// </summary>
public sealed class ErrorQueueTests
{
    private const string Key = "error-queue-key-0123456789";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("error-queue-tests");

    [TearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [Test]
    public async Task PoisonMessage_WaitsInTheErrorQueueVisiblyWhileOthersFlow_AndMovesBackOnceFixed()
    {
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        var poison = new PoisonKeys();
        await using var consumer = await StartConsumerServiceAsync(folder, receipts, poison);
        await virtualHost.WaitForConsumerAsync(LedgerConsumer.Queue);
        await using var ingress = await IngressTestHost.StartAsync(IngressTestHost.OnBroker(folder, virtualHost.BusSettings));
        var poisoned = "poison-" + Guid.NewGuid().ToString("N");
        var healthy = Enumerable.Range(0, 5).Select(i => $"healthy-{i}-{Guid.NewGuid():N}").ToList();
        poison.Add(poisoned);

        foreach (var key in healthy.Prepend(poisoned))
        {
            Assert.That((await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Eventually.WaitUntilAsync(() => Task.FromResult(healthy.All(key => receipts.CountOf(key) == 1)), Deadline, "the other deliveries flow");
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(consumer.Client)).Value("jaas_error_queue_messages", "queue=\"ledger\"") == 1,
            Deadline, "the gauge shows the poison message in ledger_error");
        var ready = await ReadinessAsync(consumer.Client);
        Assert.That((string?)ready["checks"]![ErrorQueues.HealthCheckName]!["status"], Is.EqualTo("Degraded"));
        Assert.That((string?)ready["checks"]![ErrorQueues.HealthCheckName]!["description"], Does.Contain("ledger_error holds 1 message"));
        Assert.That(receipts.CountOf(poisoned), Is.Zero);

        poison.Clear();
        using var move = await consumer.PostAsync($"{ErrorQueueApi.Route}/ledger/move");
        var moved = JsonNode.Parse(await move.Content.ReadAsStringAsync())!;

        Assert.That(move.StatusCode, Is.EqualTo(HttpStatusCode.OK), moved.ToJsonString());
        Assert.That((int?)moved["moved"], Is.EqualTo(1));
        Assert.That((long?)moved["left"], Is.Zero);
        await Eventually.WaitUntilAsync(() => Task.FromResult(receipts.CountOf(poisoned) == 1), Deadline, "the moved message is handled");
        await Eventually.WaitUntilAsync(
            async () => (string?)(await ReadinessAsync(consumer.Client))["checks"]![ErrorQueues.HealthCheckName]!["status"] == "Healthy",
            Deadline, "readiness is healthy again once the error queue is empty");
        Assert.That(healthy.Append(poisoned).Select(receipts.CountOf), Is.All.EqualTo(1), "each delivery handled once");
    }

    [Test]
    public async Task MoveOfAQueueThisHostDoesNotConsume_Is404AndWithoutKey401()
    {
        using var folder = new TempFolder();
        await using var consumer = await StartConsumerServiceAsync(folder, new ReceiptLog(), new PoisonKeys());

        using var unknown = await consumer.PostAsync($"{ErrorQueueApi.Route}/attendance/move");
        using var anonymous = new HttpClient { BaseAddress = consumer.Client.BaseAddress };
        using var withoutKey = await anonymous.PostAsync($"{ErrorQueueApi.Route}/ledger/move", null);

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(withoutKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task IngressHost_ServesNoErrorQueueApi_ItConsumesNoQueue()
    {
        // The error queues are a consumer host's (ConsumerApi); the ingress consumes nothing, so the routes are not mapped there.
        using var folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Api:Keys:0"] = Key;
        await using var embedded = await IngressTestHost.StartAsync(settings);
        embedded.Client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        using var list = await embedded.Client.GetAsync(ErrorQueueApi.Route);
        using var move = await embedded.Client.PostAsync($"{ErrorQueueApi.Route}/attendance/move", null);
        var described = await embedded.Client.GetStringAsync("/openapi/v1.json");

        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(move.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(described, Does.Not.Contain(ErrorQueueApi.Route));
    }

    private static async Task<JsonNode> ReadinessAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;

    // A consumer service as its own web host: the ledger queue with a consumer that fails on poisoned keys.
    private async Task<ConsumerService> StartConsumerServiceAsync(TempFolder folder, ReceiptLog receipts, PoisonKeys poison)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(virtualHost.BusSettings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:Keys:0"] = Key,
            ["Messaging:RetryIntervals:0"] = "00:00:00.010",
            ["Messaging:ErrorQueueCheckInterval"] = "00:00:01",
        });
        builder.AddServiceDefaults("ledger");
        builder.Services.AddApiAccess(builder.Configuration);
        LedgerService.AddTo(builder, folder, receipts);
        builder.Services.AddSingleton(poison);
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddConsumer<PoisonableLedgerConsumer, PoisonableLedgerConsumerDefinition>());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapErrorQueueApi();
        await app.StartAsync();
        return new ConsumerService(app);
    }

    private sealed class ConsumerService(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = new() { BaseAddress = new Uri(app.Urls.First()) };

        public Task<HttpResponseMessage> PostAsync(string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Add(ApiOptions.KeyHeader, Key);
            return Client.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>Idempotency keys the poisonable consumer fails on, every time, until cleared.</summary>
public sealed class PoisonKeys
{
    private readonly HashSet<string> keys = [];

    public void Add(string key)
    {
        lock (keys)
        {
            keys.Add(key);
        }
    }

    public void Clear()
    {
        lock (keys)
        {
            keys.Clear();
        }
    }

    public bool Contains(string key)
    {
        lock (keys)
        {
            return keys.Contains(key);
        }
    }
}

/// <summary>The ledger consumer, failing on poisoned keys: a bug that a later fix removes.</summary>
public sealed class PoisonableLedgerConsumer(InboxTransaction inbox, ReceiptLog receipts, PoisonKeys poison) : IConsumer<IJaasEvent>
{
    public Task Consume(ConsumeContext<IJaasEvent> context) =>
        poison.Contains(context.Message.IdempotencyKey)
            ? throw new InvalidOperationException($"poisoned: {context.Message.IdempotencyKey}")
            : new LedgerConsumer(inbox, receipts).Consume(context);
}

public sealed class PoisonableLedgerConsumerDefinition : ConsumerDefinition<PoisonableLedgerConsumer>
{
    public PoisonableLedgerConsumerDefinition() => EndpointName = LedgerConsumer.Queue;
}
