using System.Text;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// Two consumers on one queue share every SPEAKER_STATS message: one takes <see cref="IJaasEvent"/>, one the concrete
/// <see cref="SpeakerStatsReported"/>, both registered with plain AddConsumer. MassTransit runs each consumer's pipe
/// (and so its inbox) separately; each must handle every message exactly once. On the in-memory bus and on RabbitMQ.
/// </summary>
[TestFixture(MessagingTransport.InMemory)]
[TestFixture(MessagingTransport.RabbitMq)]
public sealed class SharedQueueInboxTests(MessagingTransport transport)
{
    private const string Journal = nameof(JournalProbeConsumer);
    private const string SpeakerStatsConsumer = nameof(SpeakerStatsProbeConsumer);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string virtualHost = $"jaas-shared-queue-{Guid.NewGuid():N}";
    private RabbitMqBroker? broker;
    private TempFolder? folder;
    private InboxProbeHost host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        folder = new TempFolder("jaas-shared-queue");
        var settings = new Dictionary<string, string?> { ["Messaging:Transport"] = "InMemory" };
        if (transport == MessagingTransport.RabbitMq)
        {
            broker = await RabbitMqBroker.GetAsync();
            settings = await broker.CreateVirtualHostAsync(virtualHost);
        }

        settings["InboxProbe:Database:Provider"] = "Sqlite";
        settings["InboxProbe:Database:ConnectionString"] = folder.SqliteConnectionString("inbox-probe");
        host = InboxProbeHost.Create(settings, bus =>
        {
            bus.AddConsumer<JournalProbeConsumer, JournalProbeConsumerDefinition>();
            bus.AddConsumer<SpeakerStatsProbeConsumer, SpeakerStatsProbeConsumerDefinition>();
        });
        await host.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (broker is not null)
        {
            await broker.DeleteVirtualHostAsync(virtualHost);
        }

        folder?.Dispose();
    }

    [Test]
    public async Task ThreeSpeakerStatsDeliveries_EachConsumerHandlesEachOnce()
    {
        var messageIds = await PublishSpeakerStatsAsync(3, "session");

        foreach (var messageId in messageIds)
        {
            await AssertEachConsumerHandledOnceAsync(messageId);
        }
    }

    [Test]
    public async Task SameMessagesPublishedAgain_EachConsumerStillHandlesEachOnce()
    {
        var messages = Enumerable.Range(0, 3).Select(_ => (Message: SpeakerStats("session"), MessageId: NewId.NextGuid())).ToList();

        foreach (var (message, messageId) in messages.Concat(messages))
        {
            await host.Bus.Publish(message, context => context.MessageId = messageId);
        }

        foreach (var (_, messageId) in messages)
        {
            await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) == 2, Deadline, "both copies are finished");
            await AssertEachConsumerHandledOnceAsync(messageId);
        }
    }

    [Test]
    public async Task OneConsumerFailsOnceAndTheDeliveryIsRetried_TheOtherIsNotRunTwice()
    {
        var messageId = (await PublishSpeakerStatsAsync(1, "fail-once"))[0];

        Assert.That(host.Attempts.Of(messageId), Is.EqualTo(2), "the speaker-stats consumer failed once, then succeeded");
        await AssertEachConsumerHandledOnceAsync(messageId);
    }

    private async Task<Guid[]> PublishSpeakerStatsAsync(int count, string sessionPrefix)
    {
        var messageIds = Enumerable.Range(0, count).Select(_ => NewId.NextGuid()).ToArray();
        foreach (var messageId in messageIds)
        {
            await host.Bus.Publish(SpeakerStats(sessionPrefix), context => context.MessageId = messageId);
        }

        foreach (var messageId in messageIds)
        {
            await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) >= 1, Deadline, "the delivery is finished");
        }

        return messageIds;
    }

    private async Task AssertEachConsumerHandledOnceAsync(Guid messageId)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await host.SharedQueueEffectsAsync(Journal, messageId), Is.EqualTo(1), "journal rows");
            Assert.That(await host.SharedQueueEffectsAsync(SpeakerStatsConsumer, messageId), Is.EqualTo(1), "speaker-stats rows");
        }
    }

    private static SpeakerStatsReported SpeakerStats(string sessionPrefix) => (SpeakerStatsReported)JaasEventParser.Parse(Encoding.UTF8.GetBytes($$"""
        {"idempotencyKey":"{{Guid.NewGuid()}}","eventType":"SPEAKER_STATS","sessionId":"{{sessionPrefix}}-{{Guid.NewGuid()}}",
         "timestamp":1617182201627,"fqn":"app/room","data":{"a@8x8.vc/x":{"time":10089,"name":"A"} } }
        """)).Event!;
}
