using System.Net;
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
/// A message that ends its consumer's process every time it is handled, on the real RabbitMQ. The broker gives an
/// unacknowledged message back when the consumer's connection ends and counts it; RabbitMQ 4 drops a quorum queue's
/// message past its delivery limit (20 by default) when no dead-letter target is set. A policy gives this 3.x broker
/// the same limit, so the test sees what 4.x does: without <see cref="DeliveryLimitFilter"/> the message is dropped.
/// </summary>
/// <remarks>
/// The "process killed mid-message" is the broker closing the consumer host's connection (management API) while the
/// consumer is stuck in the message: the broker sees exactly what a kill -9 shows it, the socket ending with the
/// message unacknowledged. The host, in this test process, reconnects by itself as a restarted one would connect.
/// </remarks>
public sealed class DeliveryLimitTests
{
    private const int DeliveryLimit = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("delivery-limit-tests");

    [TearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [Test]
    public async Task MessageThatKeepsEndingItsConsumer_LandsInTheErrorQueueWithItsReason_BeforeTheBrokersLimitDropsIt()
    {
        // The broker's own limit, as RabbitMQ 4 sets one by default: past it, the message would be gone.
        await virtualHost.Broker.SetPolicyAsync(
            virtualHost.Name, "delivery-limit-like-rabbitmq-4", $"^{StallingConsumer.Queue}$", "queues",
            new Dictionary<string, object> { ["delivery-limit"] = DeliveryLimit });
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        var stalls = new StallingKeys();
        await using var consumer = await StartConsumerServiceAsync(receipts, stalls);
        await virtualHost.WaitForConsumerAsync(StallingConsumer.Queue);
        await using var ingress = await IngressTestHost.StartAsync(IngressTestHost.OnBroker(folder, virtualHost.BusSettings));
        var crashing = "crashing-" + Guid.NewGuid().ToString("N");
        var healthy = Enumerable.Range(0, 5).Select(i => $"healthy-{i}-{Guid.NewGuid():N}").ToList();
        stalls.Add(crashing);

        foreach (var key in healthy.Prepend(crashing))
        {
            Assert.That((await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // The others are handled while the crashing one is stuck, so no connection that ends takes them with it.
        await Eventually.WaitUntilAsync(() => Task.FromResult(healthy.All(key => receipts.CountOf(key) == 1)), Deadline, "the other deliveries flow");

        // Each time the consumer is inside the message, its connection ends; the host reconnects and is handed it again.
        for (var handedOut = 1; handedOut <= DeliveryLimit; handedOut++)
        {
            var expected = handedOut;
            await Eventually.WaitUntilAsync(() => Task.FromResult(stalls.Attempts(crashing) == expected), Deadline, $"hand-out {expected} reaches the consumer");
            // The management API lists a new consumer a few seconds after it started. Only the consumer's connection is
            // closed: closing every connection of the virtual host could close the ingress's reconnected one alone
            // while the consumer's was not listed yet, and the message would stay stuck in its hand-out.
            await Eventually.WaitUntilAsync(
                async () => await virtualHost.Broker.CloseConsumerConnectionsAsync(virtualHost.Name, StallingConsumer.Queue) > 0,
                Deadline, "the consumer's connection is closed");
        }

        var errorQueue = ErrorQueueDeclaration.ErrorQueueOf(StallingConsumer.Queue);
        await Eventually.WaitUntilAsync(
            async () => (await virtualHost.Broker.QueuesAsync(virtualHost.Name)).Any(q => q.Name == errorQueue && q.Messages == 1),
            Deadline, $"the message waits in {errorQueue}");
        var headers = (await virtualHost.Broker.PeekHeadersAsync(virtualHost.Name, errorQueue, 1)).Single();

        Assert.That(headers["MT-Fault-ExceptionType"].GetString(), Is.EqualTo(typeof(DeliveryLimitReachedException).FullName));
        Assert.That(headers["MT-Fault-Message"].GetString(), Does.Contain($"Given to consumers {DeliveryLimit + 1} times without an outcome"));
        Assert.That(headers, Does.Not.ContainKey("MT-Fault-RetryCount"), "not retried in process");
        Assert.That(stalls.Attempts(crashing), Is.EqualTo(DeliveryLimit), "not handed to the consumer again past the limit");
        Assert.That(receipts.CountOf(crashing), Is.Zero);
        Assert.That(healthy.Select(receipts.CountOf), Is.All.EqualTo(1));
    }

    // A consumer service on its own queue, without a database: a stuck consume holds up no inbox group, so the others flow.
    private async Task<ConsumerService> StartConsumerServiceAsync(ReceiptLog receipts, StallingKeys stalls)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(virtualHost.BusSettings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:DeliveryLimit"] = DeliveryLimit.ToString(),
        });
        builder.AddServiceDefaults("stalling");
        builder.Services.AddSingleton(receipts);
        builder.Services.AddSingleton(stalls);
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddConsumer<StallingConsumer, StallingConsumerDefinition>());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new ConsumerService(app);
    }

    private sealed class ConsumerService(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // The stuck consumes end with the host (their token is cancelled), not before.
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>Idempotency keys whose consumer never finishes (a consume that ends with its process), and how often each was handed out.</summary>
public sealed class StallingKeys
{
    private readonly Dictionary<string, int> attempts = [];

    public void Add(string key)
    {
        lock (attempts)
        {
            attempts[key] = 0;
        }
    }

    /// <summary>Counts a hand-out of <paramref name="key"/>; true if the consume must stall.</summary>
    public bool Stalls(string key)
    {
        lock (attempts)
        {
            if (!attempts.TryGetValue(key, out var count))
            {
                return false;
            }

            attempts[key] = count + 1;
            return true;
        }
    }

    public int Attempts(string key)
    {
        lock (attempts)
        {
            return attempts.GetValueOrDefault(key);
        }
    }
}

/// <summary>Records each delivery; stuck for good on stalling keys, until its host stops.</summary>
public sealed class StallingConsumer(ReceiptLog receipts, StallingKeys stalls) : IConsumer<IJaasEvent>
{
    public const string Queue = "stalling";

    public async Task Consume(ConsumeContext<IJaasEvent> context)
    {
        if (stalls.Stalls(context.Message.IdempotencyKey))
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        receipts.Add(context.Message.IdempotencyKey, context.MessageId);
    }
}

/// <summary>A queue without a database (no inbox): not a service queue, so a plain definition names it.</summary>
public sealed class StallingConsumerDefinition : ConsumerDefinition<StallingConsumer>
{
    public StallingConsumerDefinition() => EndpointName = StallingConsumer.Queue;
}
