using System.Net;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Tests;

/// <summary>The outbox relay against the real RabbitMQ: typed publishing, broker outages, competing relays, topology.</summary>
public sealed class OutboxRelayTests
{
    private RabbitMqBroker broker = null!;
    private string virtualHost = null!;
    private Dictionary<string, string?> busSettings = null!;

    // A virtual host per test: a test that leaves messages in a queue (a failed one, or a broker restart) must not
    // hand them to the next test's consumer of the same queue.
    [SetUp]
    public async Task CreateVirtualHost()
    {
        broker = await RabbitMqBroker.GetAsync();
        virtualHost = "ingress-tests-" + Guid.NewGuid().ToString("N")[..8];
        busSettings = await broker.CreateVirtualHostAsync(virtualHost);
        TestContext.Progress.WriteLine($"RabbitMQ from {broker.Origin}, virtual host {virtualHost}");
    }

    [TearDown]
    public async Task DeleteVirtualHost() => await broker.DeleteVirtualHostAsync(virtualHost);

    [Test]
    public async Task UnknownEventType_ReachesTheBrokerAsGenericMessageWithDerivedId()
    {
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        await using var host = await IngressTestHost.StartAsync(
            Settings(folder), bus => bus.AddConsumer<UnknownEventConsumer, UnknownEventConsumerDefinition>(),
            builder => builder.Services.AddSingleton(receipts));
        await broker.WaitForConsumerAsync(virtualHost, UnknownEventConsumer.Queue);
        var key = "unknown-" + Guid.NewGuid();

        var response = await host.Client.PostSignedAsync(Deliveries.OfType("MEETING_TELEPORTED", key, """{"to":"mars","crew":[1,2]}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.WaitUntilAsync(() => receipts.CountOf(key) == 1, TimeSpan.FromSeconds(30), "the unknown event arrives");
        var receipt = receipts.All.Single(r => r.IdempotencyKey == key);
        Assert.That(receipt.MessageId, Is.EqualTo(JaasMessageId.FromIdempotencyKey(key)));
        Assert.That(receipt.Detail, Is.EqualTo("""{"to":"mars","crew":[1,2]}"""));
    }

    [Test]
    public async Task BrokerStoppedAndRestartedMidStream_EveryAcceptedDeliveryReachesTheConsumerExactlyOnce()
    {
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        await using var host = await StartLedgerHostAsync(Settings(folder), folder, receipts);
        var sent = new List<string>();
        var statuses = new List<HttpStatusCode>();

        var brokerStopped = false;
        try
        {
            for (var i = 0; i < 300; i++)
            {
                if (i == 100)
                {
                    await broker.StopAsync();
                    brokerStopped = true;
                }

                if (i == 250)
                {
                    // What an operator sees mid-outage: a backlog, and its oldest row getting older.
                    await Eventually.WaitUntilAsync(async () =>
                    {
                        var scrape = await PrometheusScrape.ReadAsync(host.Client);
                        return scrape.Value("jaas_outbox_backlog") > 0 && scrape.Value("jaas_outbox_oldest_pending_age_seconds") > 0;
                    }, TimeSpan.FromSeconds(30), "/metrics shows the backlog and its age during the outage");
                    await broker.StartAgainAsync();
                    brokerStopped = false;
                }

                var key = $"outage-{i}-{Guid.NewGuid():N}";
                statuses.Add((await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))).StatusCode);
                sent.Add(key);
            }
        }
        finally
        {
            // A failed assertion mid-outage must not leave the broker down for the tests after this one.
            if (brokerStopped)
            {
                await broker.StartAgainAsync();
            }
        }

        // The intake never waited on the broker: every delivery, during the outage too, was answered 200.
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
        var ledger = host.Services.GetRequiredKeyedService<Database>(LedgerConsumer.Queue);
        await Eventually.WaitUntilAsync(
            async () => await CountLedgerAsync(ledger) >= sent.Count, TimeSpan.FromMinutes(2), "every accepted delivery is in the ledger");
        var recorded = await LedgerService.KeysAsync(ledger);
        Assert.That(recorded, Is.EquivalentTo(sent), "the ledger holds each sent key exactly once");
        TestContext.Progress.WriteLine($"consumer saw {receipts.All.Count} copies of {sent.Count} deliveries; the inbox kept one of each");
    }

    [Test]
    public async Task BrokerRestartedWhileTheRelayDrainsABacklog_LosesAndDoublesNothing()
    {
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        var settings = Settings(folder);
        // Small batches and a backlog that takes seconds to drain: rabbitmqctl itself needs a second or two to stop the
        // broker, and the restart must land in the middle of the drain.
        settings["Ingress:Relay:BatchSize"] = "50";
        await using var host = await StartLedgerHostAsync(settings, folder, receipts);
        var keys = Enumerable.Range(0, 20_000).Select(i => $"drain-{i}-{Guid.NewGuid():N}").ToList();
        long publishedAtRestart;

        var brokerStopped = false;
        try
        {
            // A backlog builds while the broker is down (the intake answers 200 regardless).
            await broker.StopAsync();
            brokerStopped = true;
            foreach (var chunk in keys.Chunk(32))
            {
                var responses = await Task.WhenAll(chunk.Select(key => host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))));
                Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
            }

            await broker.StartAgainAsync();
            brokerStopped = false;
            await Eventually.WaitUntilAsync(async () => await PublishedAsync(host) > 0, TimeSpan.FromMinutes(1), "the relay starts draining");
            await broker.StopAsync();
            brokerStopped = true;
            publishedAtRestart = await PublishedAsync(host);
            await broker.StartAgainAsync();
            brokerStopped = false;
        }
        finally
        {
            if (brokerStopped)
            {
                await broker.StartAgainAsync();
            }
        }

        Assert.That(publishedAtRestart, Is.LessThan(keys.Count), "the broker went down while the relay was still draining");
        var ledger = host.Services.GetRequiredKeyedService<Database>(LedgerConsumer.Queue);
        await Eventually.WaitUntilAsync(
            async () => await CountLedgerAsync(ledger) >= keys.Count, TimeSpan.FromMinutes(3), "every accepted delivery is in the ledger");
        Assert.That(await LedgerService.KeysAsync(ledger), Is.EquivalentTo(keys), "the ledger holds each key exactly once");
        TestContext.Progress.WriteLine(
            $"broker restarted after {publishedAtRestart} of {keys.Count} were published; the consumer saw {receipts.All.Count} copies, the inbox kept one of each");
    }

    [Test]
    public async Task PublishesThatIgnoreTheirTimeout_TheRelayStartsTheBusAgain_AndEveryDeliveryArrivesOnce()
    {
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        var stuck = new StuckPublishes();
        var settings = Settings(folder);
        settings["Ingress:Relay:PublishTimeout"] = "00:00:01";
        await using var host = await IngressTestHost.StartAsync(
            settings,
            bus => bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>(),
            builder =>
            {
                LedgerService.AddTo(builder, folder, receipts);
                builder.Services.AddPublishObserver(_ => stuck);
                builder.Services.AddBusObserver(_ => stuck);
            });
        try
        {
            await broker.WaitForConsumerAsync(virtualHost, LedgerConsumer.Queue);
            var sent = Enumerable.Range(0, 40).Select(i => $"stuck-{i}-{Guid.NewGuid():N}").ToList();
            foreach (var (key, i) in sent.Select((key, i) => (key, i)))
            {
                var body = Deliveries.ParticipantJoined(key);
                var response = await host.Client.PostSignedAsync(i % 2 == 0 ? body : body.Replace("PARTICIPANT_JOINED", "PARTICIPANT_LEFT"));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            var ledger = host.Services.GetRequiredKeyedService<Database>(LedgerConsumer.Queue);
            await Eventually.WaitUntilAsync(
                async () => await CountLedgerAsync(ledger) >= sent.Count, TimeSpan.FromMinutes(2), "every accepted delivery is in the ledger");
            Assert.That(await LedgerService.KeysAsync(ledger), Is.EquivalentTo(sent), "the ledger holds each sent key exactly once");
            Assert.That(stuck.Stuck, Is.GreaterThan(0), "publishes were stuck");
            Assert.That(stuck.BusStops, Is.GreaterThanOrEqualTo(1), "the relay stopped the bus to get new channels");
            var scrape = await PrometheusScrape.ReadAsync(host.Client);
            Assert.That(scrape.Value("jaas_outbox_bus_renewals_total"), Is.GreaterThanOrEqualTo(1));
        }
        finally
        {
            stuck.Release();
        }
    }

    [Test]
    public async Task TwoRelaysOnOneDatabase_NeverPublishTheSameRowTwice()
    {
        using var folder = new TempFolder();
        var receipts = new ReceiptLog();
        var settings = Settings(folder);
        await using var first = await IngressTestHost.StartAsync(
            settings, bus => bus.AddConsumer<RawReceiptConsumer, RawReceiptConsumerDefinition>(),
            builder => builder.Services.AddSingleton(receipts));
        await using var second = await IngressTestHost.StartAsync(settings);
        await broker.WaitForConsumerAsync(virtualHost, RawReceiptConsumer.Queue);
        var sent = new List<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var key = $"pair-{i}-{Guid.NewGuid():N}";
            var ingress = i % 2 == 0 ? first : second;
            var response = await ingress.Client.PostSignedAsync(Deliveries.ParticipantJoined(key));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            lock (sent)
            {
                sent.Add(key);
            }
        });

        await Eventually.WaitUntilAsync(
            async () => await first.CountAsync("outbox_deliveries WHERE published_at IS NULL") == 0, TimeSpan.FromMinutes(1), "the outbox is drained");
        await Eventually.WaitUntilAsync(
            async () => receipts.All.Count(r => r.IdempotencyKey.StartsWith("pair-", StringComparison.Ordinal)) >= sent.Count
                        && await QueueIsEmptyAsync(RawReceiptConsumer.Queue),
            TimeSpan.FromMinutes(1), "the receipts queue is drained");
        // Durable queues of earlier tests in this virtual host may hold their own messages: look at this test's only.
        var ours = receipts.All.Select(r => r.IdempotencyKey).Where(key => key.StartsWith("pair-", StringComparison.Ordinal));
        Assert.That(ours, Is.EquivalentTo(sent), "each row was published exactly once");
        var publishers = await first.QueryAsync<string>("SELECT DISTINCT published_by FROM outbox_deliveries");
        Assert.That(publishers, Has.Count.EqualTo(2), "both relays took part");
    }

    [Test]
    public async Task ConsumerQueues_AreDurableQuorumQueuesNamedAfterTheirConsumer()
    {
        using var folder = new TempFolder();
        await using var host = await IngressTestHost.StartAsync(
            Settings(folder), bus => bus.AddConsumer<RawReceiptConsumer, RawReceiptConsumerDefinition>(),
            builder => builder.Services.AddSingleton(new ReceiptLog()));

        // The bus connects in the background (the ingress must start even while the broker is down).
        await broker.WaitForConsumerAsync(virtualHost, RawReceiptConsumer.Queue);

        var queue = (await broker.QueuesAsync(virtualHost)).Single(q => q.Name == RawReceiptConsumer.Queue);
        Assert.That(queue!.Durable, Is.True);
        Assert.That(queue.Type, Is.EqualTo("quorum"));
    }

    [Test]
    public async Task ConsumerThatKeepsFailing_IsRetriedThenMovedToTheErrorQueue()
    {
        using var folder = new TempFolder();
        var attempts = new ReceiptLog();
        var settings = Settings(folder);
        settings["Messaging:RetryIntervals:0"] = "00:00:00.050";
        settings["Messaging:RetryIntervals:1"] = "00:00:00.050";
        await using var host = await IngressTestHost.StartAsync(
            settings, bus => bus.AddConsumer<AlwaysFailingConsumer, AlwaysFailingConsumerDefinition>(),
            builder => builder.Services.AddSingleton(attempts));
        await broker.WaitForConsumerAsync(virtualHost, AlwaysFailingConsumer.Queue);
        var key = "poison-" + Guid.NewGuid();

        await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key));

        var errorQueue = AlwaysFailingConsumer.Queue + "_error";
        await Eventually.WaitUntilAsync(
            async () => (await broker.QueuesAsync(virtualHost)).Any(q => q.Name == errorQueue && q.Messages == 1),
            TimeSpan.FromSeconds(30), $"the message waits in {errorQueue}");
        Assert.That(attempts.CountOf(key), Is.EqualTo(3), "one attempt and two retries");
    }

    private Dictionary<string, string?> Settings(TempFolder folder) => IngressTestHost.OnBroker(folder, busSettings);

    private async Task<IngressTestHost> StartLedgerHostAsync(Dictionary<string, string?> settings, TempFolder folder, ReceiptLog receipts)
    {
        var host = await IngressTestHost.StartAsync(
            settings,
            bus => bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>(),
            builder => LedgerService.AddTo(builder, folder, receipts));
        await broker.WaitForConsumerAsync(virtualHost, LedgerConsumer.Queue);
        return host;
    }

    private static async Task<long> PublishedAsync(IngressTestHost host) =>
        (await host.QueryAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NOT NULL"))[0];

    private async Task<bool> QueueIsEmptyAsync(string name) =>
        (await broker.QueuesAsync(virtualHost)).Single(q => q.Name == name).Messages == 0;

    private static async Task<long> CountLedgerAsync(Database ledger)
    {
        await using var connection = await ledger.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM ledger");
    }
}
