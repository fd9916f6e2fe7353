using System.Net;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// The embedded default's bookkeeping (in-memory bus): the settled watermark survives a quiet restart, a poison message
/// is recorded and settles, and the relay does not run far ahead of slow consumers. Real SQLite files, real Kestrel.
/// </summary>
public sealed class InMemoryRelayTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    public async Task QuietRestart_KeepsTheSettledWatermarkAndRepublishesNothing()
    {
        using var folder = new TempFolder();
        var keys = Enumerable.Range(0, 300).Select(i => $"quiet-{i}-{Guid.NewGuid()}").ToList();
        long lastId;
        long lastPublishedAt;
        await using (var host = await StartLedgerHostAsync(folder))
        {
            await PostAllAsync(host, keys);
            lastId = (await host.QueryAsync<long>("SELECT MAX(id) FROM outbox_deliveries"))[0];
            await Eventually.WaitUntilAsync(async () => await CheckpointAsync(host) >= lastId, Deadline, "every delivery settles");
            lastPublishedAt = (await host.QueryAsync<long>("SELECT MAX(published_at) FROM outbox_deliveries"))[0];
        }

        // Restarted twice with no traffic: each start runs at least one relay round before it stops.
        for (var restart = 1; restart <= 2; restart++)
        {
            await using var host = await StartLedgerHostAsync(folder);
            await RelayOf(host).RelayRoundAsync(CancellationToken.None);
            Assert.That(await CheckpointAsync(host), Is.EqualTo(lastId), $"the watermark after quiet restart {restart}");
        }

        await using (var host = await StartLedgerHostAsync(folder))
        {
            var key = $"after-restart-{Guid.NewGuid()}";
            await PostAllAsync(host, [key]);
            await Eventually.WaitUntilAsync(async () => await CheckpointAsync(host) > lastId, Deadline, "the new delivery settles");
            var republished = await host.QueryAsync<long>(
                "SELECT COUNT(*) FROM outbox_deliveries WHERE id <= @LastId AND published_at > @LastPublishedAt", new { LastId = lastId, LastPublishedAt = lastPublishedAt });
            Assert.That(republished[0], Is.Zero, "rows published again after the restarts");
        }
    }

    [Test]
    public async Task PoisonMessage_IsRecordedWithItsExceptionAndDoesNotPinTheWatermark()
    {
        using var folder = new TempFolder();
        await using var host = await StartLedgerHostAsync(folder, bus => bus.AddConsumer<PoisonConsumer, PoisonConsumerDefinition>());
        var poison = $"poison-{Guid.NewGuid()}";
        List<string> keys = [poison, .. Enumerable.Range(0, 5).Select(i => $"after-poison-{i}-{Guid.NewGuid()}")];

        await PostAllAsync(host, keys);
        var lastId = (await host.QueryAsync<long>("SELECT MAX(id) FROM outbox_deliveries"))[0];
        await Eventually.WaitUntilAsync(async () => await CheckpointAsync(host) >= lastId, Deadline, "the watermark passes the poison message");

        var ledger = host.Services.GetRequiredKeyedService<JaasPipeline.Data.Database>(LedgerConsumer.Queue);
        await using var connection = await ledger.OpenAsync();
        var faulted = (await Dapper.SqlMapper.QueryAsync<(string Consumer, string MessageId, long OutboxId, string Exception)>(
            connection, "SELECT consumer, message_id, outbox_id, exception FROM faulted_messages")).ToList();
        var poisonId = (await host.QueryAsync<long>("SELECT id FROM outbox_deliveries WHERE idempotency_key = @Key", new { Key = poison }))[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(faulted, Has.Count.EqualTo(1));
            Assert.That(faulted[0].Consumer, Does.Contain(nameof(PoisonConsumer)));
            Assert.That(faulted[0].MessageId, Is.EqualTo(JaasPipeline.Contracts.JaasMessageId.FromIdempotencyKey(poison).ToString()));
            Assert.That(faulted[0].OutboxId, Is.EqualTo(poisonId));
            Assert.That(faulted[0].Exception, Does.Contain("is poison"));
            Assert.That((await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_inmemory_unsettled"), Is.Zero);
        }
    }

    [Test]
    public async Task ConsumersFallBehind_RelayStopsAtTheUnsettledLimitAndCatchesUpLater()
    {
        using var folder = new TempFolder();
        var gate = new ConsumerGate();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Messaging:InMemoryMaxUnsettled"] = "20";
        settings["Ingress:Relay:BatchSize"] = "10";
        await using var host = await IngressTestHost.StartAsync(
            settings, bus => bus.AddConsumer<GatedConsumer, GatedConsumerDefinition>(), builder => builder.Services.AddSingleton(gate));
        var keys = Enumerable.Range(0, 100).Select(i => $"gated-{i}-{Guid.NewGuid()}").ToList();

        try
        {
            await PostAllAsync(host, keys);
            await Eventually.WaitUntilAsync(
                async () => (await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_inmemory_unsettled") >= 11, Deadline, "the relay fills the room");
            // A round started now has no room: it waits for the consumers instead of publishing.
            using (var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
            {
                Assert.That(async () => await RelayOf(host).RelayRoundAsync(shortWait.Token), Throws.InstanceOf<OperationCanceledException>());
            }

            using (Assert.EnterMultipleScope())
            {
                Assert.That((await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_inmemory_unsettled"), Is.InRange(11, 20));
                Assert.That(await PublishedAsync(host), Is.LessThanOrEqualTo(20), "published while the consumers are stuck");
            }
        }
        finally
        {
            // Also when an assertion failed: a host cannot stop while its consumers wait at a closed gate.
            gate.Open();
        }

        await Eventually.WaitUntilAsync(async () => await PublishedAsync(host) == keys.Count, Deadline, "every delivery is published");
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_inmemory_unsettled") == 0, Deadline, "every delivery settles");
    }

    [Test]
    public async Task PublishesThatIgnoreTheirTimeout_DoNotStopTheInMemoryBus_AndEveryDeliveryArrivesOnce()
    {
        // On RabbitMQ the relay starts the bus again for such publishes (OutboxRelayTests); here that would drop what the
        // in-memory queues hold. The stand-in holds every PARTICIPANT_LEFT publish until the test releases it.
        using var folder = new TempFolder();
        var stuck = new StuckPublishes();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:Relay:PublishTimeout"] = "00:00:01";
        await using var host = await IngressTestHost.StartAsync(
            settings,
            bus => bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>(),
            builder =>
            {
                LedgerService.AddTo(builder, folder, new ReceiptLog());
                builder.Services.AddPublishObserver(_ => stuck);
                builder.Services.AddBusObserver(_ => stuck);
            });
        var ledger = host.Services.GetRequiredKeyedService<JaasPipeline.Data.Database>(LedgerConsumer.Queue);
        var joined = Enumerable.Range(0, 20).Select(i => $"joined-{i}-{Guid.NewGuid():N}").ToList();
        var left = Enumerable.Range(0, 20).Select(i => $"left-{i}-{Guid.NewGuid():N}").ToList();
        try
        {
            foreach (var (join, leave) in joined.Zip(left))
            {
                Assert.That((await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(join))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
                var leaving = Deliveries.ParticipantJoined(leave).Replace("PARTICIPANT_JOINED", "PARTICIPANT_LEFT");
                Assert.That((await host.Client.PostSignedAsync(leaving)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            // A failed round is counted once it has waited out PublishTimeout and the grace after it, and renewed the bus if it would.
            await Eventually.WaitUntilAsync(
                async () => (await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_outbox_publish_failures_total") >= 1, Deadline,
                "a round with stuck publishes ends");
            await Eventually.WaitUntilAsync(
                async () => (await LedgerService.KeysAsync(ledger)).Count(joined.Contains) == joined.Count, Deadline, "the other deliveries arrive meanwhile");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(stuck.Stuck, Is.GreaterThan(0), "publishes were stuck");
                Assert.That(stuck.BusStops, Is.Zero, "the in-memory bus was stopped");
                Assert.That((await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_outbox_bus_renewals_total"), Is.Zero);
            }
        }
        finally
        {
            stuck.Release();
        }

        await Eventually.WaitUntilAsync(async () => (await LedgerService.KeysAsync(ledger)).Count == joined.Count + left.Count, Deadline, "every delivery arrives");
        Assert.That(await LedgerService.KeysAsync(ledger), Is.EquivalentTo(joined.Concat(left)), "the ledger holds each sent key exactly once");
    }

    private static Task<IngressTestHost> StartLedgerHostAsync(TempFolder folder, Action<IBusRegistrationConfigurator>? moreConsumers = null)
    {
        var settings = IngressTestHost.DefaultSettings(folder);
        // Faults reach the error queue at once: no pauses between retries.
        settings["Messaging:RetryIntervals:0"] = "00:00:00";
        return IngressTestHost.StartAsync(
            settings,
            bus =>
            {
                bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>();
                moreConsumers?.Invoke(bus);
            },
            builder => LedgerService.AddTo(builder, folder, new ReceiptLog()));
    }

    private static async Task PostAllAsync(IngressTestHost host, IReadOnlyList<string> keys)
    {
        foreach (var chunk in keys.Chunk(20))
        {
            var responses = await Task.WhenAll(chunk.Select(key => host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))));
            Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        }
    }

    private static OutboxRelay RelayOf(IngressTestHost host) => host.Services.GetServices<IHostedService>().OfType<OutboxRelay>().Single();

    private static async Task<long> CheckpointAsync(IngressTestHost host) =>
        (await host.QueryAsync<long?>("SELECT outbox_id FROM relay_checkpoints WHERE name = 'in-memory-settled'")).FirstOrDefault() ?? 0;

    private static async Task<long> PublishedAsync(IngressTestHost host) =>
        (await host.QueryAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NOT NULL"))[0];
}
