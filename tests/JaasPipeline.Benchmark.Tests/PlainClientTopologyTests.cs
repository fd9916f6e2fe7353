using JaasPipeline.Testing;
using RabbitMQ.Client;

namespace JaasPipeline.Benchmark.Tests;

/// <summary>
/// The broker's own cost copies the deployment's topology into a virtual host of its own and replays the run's events
/// there with a plain client: the copy has the original's queue type, durability and fan-out per exchange, every event
/// reaches each queue its exchange routes to, and the capture takes each message once with the exchange it was
/// published to. Against the real broker, each fixture in virtual hosts of its own; nothing here is timed.
/// </summary>
public sealed class PlainClientTopologyTests
{
    private const string ParticipantLeft = "JaasPipeline.Contracts:ParticipantLeft";
    private const string JaasEvent = "JaasPipeline.Contracts:JaasEvent";
    private const string RoomCreated = "JaasPipeline.Contracts:RoomCreated";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly HttpClient http = new();
    private TestVirtualHost deployment = null!;
    private IConnection deploymentConnection = null!;
    private BrokerManagement management = null!;
    private BrokerTopology topology = null!;

    // What MassTransit declares for two services (the shape of a real run's virtual host): an exchange per message type
    // bound to its base type's exchange and to the exchange of each service that consumes it, a quorum queue behind each
    // service's exchange, an error queue, and a bus instance's temporary queue. ParticipantLeft reaches analytics by two
    // routes (directly and through JaasEvent) and attendance by one.
    [OneTimeSetUp]
    public async Task DeclareADeploymentsTopology()
    {
        deployment = await TestVirtualHost.CreateAsync("plain-deployment");
        management = new BrokerManagement(http, deployment.Broker.ManagementAddress, "guest", "guest");
        deploymentConnection = await Factory(deployment.Name).CreateConnectionAsync();
        await using var channel = await deploymentConnection.CreateChannelAsync();
        foreach (var exchange in new[] { ParticipantLeft, JaasEvent, RoomCreated, "attendance", "analytics", "attendance_error" })
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        }

        var quorum = new Dictionary<string, object?> { ["x-queue-type"] = "quorum" };
        foreach (var queue in new[] { "attendance", "analytics", "attendance_error" })
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, quorum);
            await channel.QueueBindAsync(queue, queue, "");
        }

        await channel.ExchangeBindAsync("attendance", ParticipantLeft, "");
        await channel.ExchangeBindAsync(JaasEvent, ParticipantLeft, "");
        await channel.ExchangeBindAsync("analytics", ParticipantLeft, "");
        await channel.ExchangeBindAsync("analytics", JaasEvent, "");
        await channel.ExchangeBindAsync("attendance", RoomCreated, "");
        await channel.ExchangeDeclareAsync("host-bus-1234", ExchangeType.Fanout, durable: false, autoDelete: true);
        await channel.QueueDeclareAsync("host-bus-1234", durable: false, exclusive: false, autoDelete: true);
        await channel.QueueBindAsync("host-bus-1234", "host-bus-1234", "");

        topology = (await management.ReadTopologyAsync(deployment.Name, CancellationToken.None)).ServicePart();
    }

    [OneTimeTearDown]
    public async Task DeleteTheVirtualHost()
    {
        await deploymentConnection.CloseAsync();
        deploymentConnection.Dispose();
        await deployment.DisposeAsync();
        http.Dispose();
    }

    [Test]
    public void ServicePart_IsTheServiceQueuesAndTheirRoutesWithoutErrorAndTemporaryQueues()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(topology.Queues.Select(q => q.Name), Is.EquivalentTo(new[] { "attendance", "analytics" }));
            Assert.That(topology.QueuesReachedFrom(ParticipantLeft), Is.EquivalentTo(new[] { "attendance", "analytics" }), "analytics once, by two routes");
            Assert.That(topology.QueuesReachedFrom(RoomCreated), Is.EquivalentTo(new[] { "attendance" }));
            Assert.That(topology.QueuesReachedFrom(JaasEvent), Is.EquivalentTo(new[] { "analytics" }));
        }
    }

    [Test]
    public async Task CopiedTopology_HasTheSameQueueTypeDurabilityAndFanOut()
    {
        await using var copy = await TestVirtualHost.CreateAsync("plain-copy");
        await using (var connection = await Factory(copy.Name).CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await topology.DeclareAsync(channel, CancellationToken.None);
        }

        var copied = (await management.ReadTopologyAsync(copy.Name, CancellationToken.None)).ServicePart();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copied.Queues.Select(q => q.Name), Is.EquivalentTo(topology.Queues.Select(q => q.Name)));
            foreach (var queue in copied.Queues)
            {
                Assert.That(queue.Durable, Is.True, queue.Name);
                Assert.That(queue.Arguments?["x-queue-type"].GetString(), Is.EqualTo("quorum"), queue.Name);
            }

            Assert.That(copied.Exchanges.Select(e => (e.Name, e.Type, e.Durable)), Is.EquivalentTo(topology.Exchanges.Select(e => (e.Name, e.Type, e.Durable))));
            foreach (var exchange in topology.Exchanges)
            {
                Assert.That(copied.QueuesReachedFrom(exchange.Name), Is.EquivalentTo(topology.QueuesReachedFrom(exchange.Name)), exchange.Name);
            }
        }
    }

    [Test]
    public async Task PlainRun_DeliversEveryEventToEachQueueItsExchangeReaches()
    {
        await using var copy = await TestVirtualHost.CreateAsync("plain-run");
        var envelopes = Enumerable.Range(0, 30).Select(_ => Envelope(ParticipantLeft))
            .Concat(Enumerable.Range(0, 20).Select(_ => Envelope(RoomCreated)))
            .ToList();

        await using var run = await PlainClientRun.StartAsync(Factory(copy.Name), topology, prefetch: 16, CancellationToken.None);
        var consumed = await run.PublishAndConsumeAsync(envelopes, deliveries: 30 * 2 + 20, batchSize: 7, Deadline, CancellationToken.None);

        Assert.That(consumed, Is.True, $"consumed: {string.Join(", ", run.ReceivedByQueue)}");
        Assert.That(run.ReceivedByQueue, Is.EquivalentTo(new Dictionary<string, long> { ["analytics"] = 30, ["attendance"] = 50 }));
    }

    [Test]
    public async Task Capture_TakesEachMessageOnceWithTheExchangeItWasPublishedTo()
    {
        await using var capture = await EnvelopeCapture.StartAsync(deploymentConnection, topology, CancellationToken.None);
        var published = new[] { Envelope(ParticipantLeft), Envelope(ParticipantLeft), Envelope(RoomCreated) };
        await using (var channel = await deploymentConnection.CreateChannelAsync())
        {
            foreach (var envelope in published)
            {
                await channel.BasicPublishAsync(envelope.Exchange, envelope.RoutingKey, mandatory: false, envelope.PropertiesToPublish(), envelope.Body);
            }
        }

        var ids = published.Select(e => Guid.Parse(e.Properties.MessageId!)).ToList();
        Assert.That(await capture.WaitForAsync(ids, Deadline, CancellationToken.None), Is.True);
        using (Assert.EnterMultipleScope())
        {
            foreach (var envelope in published)
            {
                var taken = capture.Taken[Guid.Parse(envelope.Properties.MessageId!)];
                Assert.That(taken.Exchange, Is.EqualTo(envelope.Exchange));
                Assert.That(taken.Body.ToArray(), Is.EqualTo(envelope.Body.ToArray()));
                Assert.That(taken.Properties.Persistent, Is.True);
                Assert.That(taken.Properties.Headers, Does.ContainKey("MT-Host-MachineName"));
            }
        }
    }

    private ConnectionFactory Factory(string virtualHost) => new()
    {
        HostName = deployment.Broker.Host,
        Port = deployment.Broker.AmqpPort,
        VirtualHost = virtualHost,
        UserName = "guest",
        Password = "guest",
    };

    private static CapturedEnvelope Envelope(string exchange)
    {
        var id = Guid.NewGuid();
        var properties = new BasicProperties
        {
            MessageId = id.ToString(),
            ContentType = "application/vnd.masstransit+json",
            Persistent = true,
            Headers = new Dictionary<string, object?> { ["MT-Host-MachineName"] = "benchmark-test" },
        };
        return new CapturedEnvelope(exchange, "", properties, System.Text.Encoding.UTF8.GetBytes($$$"""{"messageId":"{{{id}}}","message":{}}"""));
    }
}
