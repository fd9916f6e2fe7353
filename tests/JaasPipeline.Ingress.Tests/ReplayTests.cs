using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using JaasPipeline.Ingress.Replay;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// <c>POST /api/replay</c> on the real RabbitMQ: accepted deliveries go out again, to one consumer's queue or to every
/// consumer, by meeting; a consumer with an inbox handles each once whatever is replayed; bad requests change nothing.
/// </summary>
public sealed class ReplayTests
{
    private const string Key = "replay-key-0123456789abcdef";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("replay-tests");

    [TearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [Test]
    public async Task ReplayToOneQueueThenToEveryConsumer_ReachesExactlyThoseQueues_AndTheInboxHandlesEachOnce()
    {
        using var folder = new TempFolder();
        var copies = new QueueCopies();
        var ledger = new ReceiptLog();
        using var consumers = await StartConsumerServiceAsync(folder, copies, ledger);
        await virtualHost.WaitForConsumerAsync(LedgerConsumer.Queue);
        await virtualHost.WaitForConsumerAsync(CopyCounterA.Queue);
        await virtualHost.WaitForConsumerAsync(CopyCounterB.Queue);
        await using var ingress = await IngressTestHost.StartAsync(Settings(folder));
        var meetingA = "replay-a-" + Guid.NewGuid().ToString("N");
        var meetingB = "replay-b-" + Guid.NewGuid().ToString("N");
        var keysA = Enumerable.Range(0, 3).Select(i => $"{meetingA}-{i}").ToList();
        var keysB = Enumerable.Range(0, 2).Select(i => $"{meetingB}-{i}").ToList();
        foreach (var (key, session) in keysA.Select(k => (k, meetingA)).Concat(keysB.Select(k => (k, meetingB))))
        {
            Assert.That((await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined(key, session))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var all = keysA.Concat(keysB).ToList();
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(all.All(k => copies.Of(CopyCounterA.Queue, k) == 1 && copies.Of(CopyCounterB.Queue, k) == 1 && ledger.CountOf(k) == 1)),
            Deadline, "every delivery reached every queue once");

        var toOne = await ReplayAsync(ingress, new { from = "2000-01-01T00:00:00Z", to = "2100-01-01T00:00:00Z", sessionId = meetingA, queue = CopyCounterA.Queue });
        Assert.That((int?)toOne["scheduled"], Is.EqualTo(3));
        await Eventually.WaitUntilAsync(() => Task.FromResult(keysA.All(k => copies.Of(CopyCounterA.Queue, k) == 2)), Deadline, "meeting A replayed to queue A");

        var toEvery = await ReplayAsync(ingress, new { from = "2000-01-01T00:00:00Z", to = "2100-01-01T00:00:00Z", sessionId = meetingB });
        Assert.That((int?)toEvery["scheduled"], Is.EqualTo(2));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(keysB.All(k => copies.Of(CopyCounterA.Queue, k) == 2 && copies.Of(CopyCounterB.Queue, k) == 2)),
            Deadline, "meeting B replayed to every queue");

        // Queue B got meeting B's replay after meeting A's went to queue A only: A's copies would have come first.
        Assert.That(keysA.Select(k => copies.Of(CopyCounterB.Queue, k)), Is.All.EqualTo(1), "meeting A reached only queue A");
        Assert.That(keysA.Select(k => copies.Of(CopyCounterA.Queue, k)), Is.All.EqualTo(2));
        Assert.That(all.Select(ledger.CountOf), Is.All.EqualTo(1), "the inbox dropped every replayed copy");
        await consumers.StopAsync();
    }

    [TestCase("""{"to":"2100-01-01T00:00:00Z"}""", "from")]
    [TestCase("""{"from":"2000-01-01T00:00:00Z","to":"tomorrow"}""", "to")]
    [TestCase("""{"from":"2100-01-01T00:00:00Z","to":"2000-01-01T00:00:00Z"}""", "from")]
    [TestCase("""{"from":"2000-01-01T00:00:00Z","to":"2100-01-01T00:00:00Z","queue":"no-such-queue"}""", "queue")]
    [TestCase("""[1,2]""", "body")]
    public async Task BadRequest_Is400NamingTheFieldAndSchedulesNothing(string body, string field)
    {
        using var folder = new TempFolder();
        await using var ingress = await IngressTestHost.StartAsync(Settings(folder));
        Assert.That((await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined("replay-bad-" + Guid.NewGuid().ToString("N")))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var request = new HttpRequestMessage(HttpMethod.Post, ReplayApi.Route) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", Key);
        using var response = await ingress.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That((await ingress.QueryAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE replay_queue IS NOT NULL"))[0], Is.Zero);
    }

    [Test]
    public async Task DryRun_AnswersHowManyItWouldSchedule_AndSchedulesNothing()
    {
        using var folder = new TempFolder();
        // The in-memory bus publishes without consumers, so every delivery is published and replayable.
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Api:Keys:0"] = Key;
        await using var ingress = await IngressTestHost.StartAsync(settings);
        var meeting = "replay-dry-" + Guid.NewGuid().ToString("N");
        foreach (var i in Enumerable.Range(0, 3))
        {
            Assert.That((await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined($"{meeting}-{i}", meeting))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Eventually.WaitUntilAsync(
            async () => (await ingress.QueryAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NULL"))[0] == 0, Deadline, "every delivery published");

        using var request = new HttpRequestMessage(HttpMethod.Post, ReplayApi.Route)
        {
            Content = JsonContent.Create(new { from = "2000-01-01T00:00:00Z", to = "2100-01-01T00:00:00Z", sessionId = meeting, dryRun = true }),
        };
        request.Headers.Add("X-Api-Key", Key);
        using var response = await ingress.Client.SendAsync(request);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer.ToJsonString());
        Assert.That((int?)answer["wouldSchedule"], Is.EqualTo(3));
        Assert.That((bool?)answer["dryRun"], Is.True);
        Assert.That((await ingress.QueryAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NULL OR replay_queue IS NOT NULL"))[0], Is.Zero,
            "nothing scheduled");
    }

    [Test]
    public async Task WithoutKey_Is401()
    {
        using var folder = new TempFolder();
        await using var ingress = await IngressTestHost.StartAsync(Settings(folder));

        using var response = await ingress.Client.PostAsJsonAsync(ReplayApi.Route, new { from = "2000-01-01T00:00:00Z", to = "2100-01-01T00:00:00Z" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<JsonNode> ReplayAsync(IngressTestHost ingress, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ReplayApi.Route) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", Key);
        using var response = await ingress.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), text);
        return JsonNode.Parse(text)!;
    }

    private Dictionary<string, string?> Settings(TempFolder folder)
    {
        var settings = IngressTestHost.OnBroker(folder, virtualHost.BusSettings);
        settings["Api:Keys:0"] = Key;
        return settings;
    }

    // The consumer services: the ledger (with its inbox) and two queues that count every copy they get (no inbox).
    private async Task<IHost> StartConsumerServiceAsync(TempFolder folder, QueueCopies copies, ReceiptLog ledger)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(virtualHost.BusSettings);
        LedgerService.AddTo(builder, folder, ledger);
        builder.Services.AddSingleton(copies);
        builder.Services.AddJaasMessaging(builder.Configuration, bus =>
        {
            bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>();
            bus.AddConsumer<CopyCounterA, CopyCounterADefinition>();
            bus.AddConsumer<CopyCounterB, CopyCounterBDefinition>();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

/// <summary>How many copies of each delivery each queue got.</summary>
public sealed class QueueCopies
{
    private readonly ConcurrentDictionary<(string Queue, string Key), int> copies = new();

    public void Add(string queue, string key) => copies.AddOrUpdate((queue, key), 1, (_, count) => count + 1);

    public int Of(string queue, string key) => copies.GetValueOrDefault((queue, key));
}

public sealed class CopyCounterA(QueueCopies copies) : IConsumer<IJaasEvent>
{
    public const string Queue = "copies-a";

    public Task Consume(ConsumeContext<IJaasEvent> context)
    {
        copies.Add(Queue, context.Message.IdempotencyKey);
        return Task.CompletedTask;
    }
}

public sealed class CopyCounterADefinition : ConsumerDefinition<CopyCounterA>
{
    public CopyCounterADefinition() => EndpointName = CopyCounterA.Queue;
}

public sealed class CopyCounterB(QueueCopies copies) : IConsumer<IJaasEvent>
{
    public const string Queue = "copies-b";

    public Task Consume(ConsumeContext<IJaasEvent> context)
    {
        copies.Add(Queue, context.Message.IdempotencyKey);
        return Task.CompletedTask;
    }
}

public sealed class CopyCounterBDefinition : ConsumerDefinition<CopyCounterB>
{
    public CopyCounterBDefinition() => EndpointName = CopyCounterB.Queue;
}
