using System.Net;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// What the broker holds before and after the consumer services first start, on a fresh virtual host per test: a
/// delivery accepted while no queue is bound waits in the outbox (RabbitMQ returns the mandatory publish) and arrives
/// once its consumer exists; a consumer service declares its error queue at start-up. The real RabbitMQ.
/// </summary>
public sealed class BrokerTopologyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("topology-tests");

    [TearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [Test]
    public async Task IngressStartedBeforeAnyConsumer_KeepsDeliveriesUnpublishedUntilTheConsumerExists_ThenEachArrivesOnce()
    {
        using var folder = new TempFolder();
        await using var ingress = await IngressTestHost.StartAsync(Settings(folder));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(ingress.Services.GetRequiredService<IBusControl>().CheckHealth().Status == BusHealthStatus.Healthy),
            Deadline, "the ingress's bus is connected");
        var keys = Enumerable.Range(0, 10).Select(i => $"early-{i}-{Guid.NewGuid():N}").ToList();

        foreach (var key in keys)
        {
            Assert.That((await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(ingress.Client)).Value("jaas_outbox_unroutable_total") >= keys.Count,
            Deadline, "RabbitMQ returned every publish");
        Assert.That(await PublishedAsync(ingress), Is.Zero, "rows marked published while no queue was bound");

        var receipts = new ReceiptLog();
        using var consumer = await StartLedgerServiceAsync(folder, receipts);
        await virtualHost.WaitForConsumerAsync(LedgerConsumer.Queue);

        // Deferred rows are tried again after Ingress:Relay:MaxBackoff (1 s in these tests).
        await Eventually.WaitUntilAsync(async () => await PublishedAsync(ingress) == keys.Count, Deadline, "every delivery is published");
        await Eventually.WaitUntilAsync(() => Task.FromResult(keys.All(key => receipts.CountOf(key) >= 1)), Deadline, "every delivery arrives");
        Assert.That(keys.Select(receipts.CountOf), Is.All.EqualTo(1), "each delivery arrived once");
        await consumer.StopAsync();
    }

    [Test]
    public async Task ConsumerServiceStarts_ItsErrorQueueExistsBeforeAnyFault()
    {
        using var folder = new TempFolder();
        using var consumer = await StartLedgerServiceAsync(folder, new ReceiptLog());

        var errorQueue = ErrorQueueDeclaration.ErrorQueueOf(LedgerConsumer.Queue);
        await Eventually.WaitUntilAsync(
            async () => (await virtualHost.Broker.QueuesAsync(virtualHost.Name)).Any(q => q.Name == errorQueue),
            Deadline, $"{errorQueue} is declared");
        var queue = (await virtualHost.Broker.QueuesAsync(virtualHost.Name)).Single(q => q.Name == errorQueue);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(queue.Durable, Is.True);
            Assert.That(queue.Type, Is.EqualTo("quorum"), "as MassTransit itself would declare it, so its declaration agrees");
            Assert.That(queue.Messages, Is.Zero);
        }

        await consumer.StopAsync();
    }

    // A consumer service as its own host: the ledger consumer, its database and inbox, nothing of the ingress.
    private async Task<IHost> StartLedgerServiceAsync(TempFolder folder, ReceiptLog receipts)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(virtualHost.BusSettings);
        LedgerService.AddTo(builder, folder, receipts);
        builder.Services.AddJaasMessaging(builder.Configuration, bus => bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private Dictionary<string, string?> Settings(TempFolder folder) => IngressTestHost.OnBroker(folder, virtualHost.BusSettings);

    private static async Task<long> PublishedAsync(IngressTestHost host) =>
        (await host.QueryAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NOT NULL"))[0];
}
