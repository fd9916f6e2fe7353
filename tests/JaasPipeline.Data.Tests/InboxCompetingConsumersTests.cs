using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The inbox under competing instances: two hosts consume the same RabbitMQ queue and share one SQLite file, and
/// every message arrives twice with the same MessageId. The real broker, one virtual host for this fixture.
/// </summary>
public sealed class InboxCompetingConsumersTests
{
    private const int Messages = 20;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string virtualHost = $"jaas-inbox-competing-{Guid.NewGuid():N}";
    private RabbitMqBroker? broker;
    private TempFolder? folder;
    private InboxProbeHost[] hosts = [];

    [OneTimeSetUp]
    public async Task StartTwoHosts()
    {
        var rabbit = broker = await RabbitMqBroker.GetAsync();
        var shared = folder = new TempFolder("jaas-inbox-competing");
        var settings = await rabbit.CreateVirtualHostAsync(virtualHost);
        settings["InboxProbe:Database:Provider"] = "Sqlite";
        settings["InboxProbe:Database:ConnectionString"] = shared.SqliteConnectionString("inbox-probe");
        hosts = [InboxProbeHost.Create(settings), InboxProbeHost.Create(settings)];

        // Started together, as two instances of a service are: both migrate the shared file at once.
        await Task.WhenAll(hosts.Select(host => host.StartAsync()));
        await Eventually.WaitUntilAsync(
            async () => (await rabbit.QueuesAsync(virtualHost)).Any(q => q.Name == InboxProbeConsumerDefinition.Queue && q.Consumers == 2),
            Deadline, $"both hosts consume {InboxProbeConsumerDefinition.Queue} on {rabbit.Origin}");
    }

    [OneTimeTearDown]
    public async Task StopHosts()
    {
        foreach (var host in hosts)
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
    public async Task EveryMessagePublishedTwice_LeavesExactlyOneRowPerMessage()
    {
        var probes = Enumerable.Range(0, Messages).Select(_ => (Probe: new InboxProbe(Guid.NewGuid(), 0), MessageId: NewId.NextGuid())).ToList();

        foreach (var (probe, messageId) in probes.Concat(probes))
        {
            await hosts[0].Bus.Publish(probe, context => context.MessageId = messageId);
        }

        await Eventually.WaitUntilAsync(
            () => probes.All(p => hosts.Sum(host => host.Completions.Of(p.MessageId)) == 2), Deadline, "every delivery is finished");

        var rows = 0L;
        var inboxRecords = 0L;
        foreach (var (probe, messageId) in probes)
        {
            rows += await hosts[0].EffectsAsync(probe.Key);
            inboxRecords += await hosts[0].InboxRecordsAsync(messageId);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Is.EqualTo(Messages), "rows");
            Assert.That(inboxRecords, Is.EqualTo(Messages), "inbox records");
        }
    }
}
