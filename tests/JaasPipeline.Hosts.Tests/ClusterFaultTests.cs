using System.Diagnostics;
using JaasPipeline.Simulator;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// Production mode on a three-node RabbitMQ cluster (<see cref="RabbitMqCluster"/>): two ingress instances and two of
/// every consumer host, each listing the three nodes (<c>Messaging:RabbitMq:Nodes</c>), simulator traffic throughout,
/// and a node lost under it, alone or with a host. The intake answers from its outbox all along; the hosts reconnect
/// to a surviving node by themselves; the ledger must show nothing lost and nothing doubled, and the read APIs agree.
/// Each test prints how long the consumers paused: the longest time the analytics journal (every delivery's one
/// effect) did not grow from the fault until the traffic ended.
/// </summary>
public sealed class ClusterFaultTests
{
    private RabbitMqCluster cluster = null!;
    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost()
    {
        var (found, missing) = await RabbitMqCluster.GetAsync();
        if (found is null)
        {
            Assert.Ignore(missing ?? "no cluster");
        }

        cluster = found;
        virtualHost = await TestVirtualHost.CreateAsync("cluster-faults", cluster.Broker);
    }

    [TearDown]
    public async Task DeleteVirtualHost()
    {
        if (virtualHost is not null)
        {
            // Whatever a test did to the nodes, the next one starts with all three.
            await RabbitMqCluster.StartMissingNodesAsync();
            await virtualHost.DisposeAsync();
        }
    }

    [Test]
    public Task NodeLeadingTheServiceQueuesKilled_HostsMoveToTheOthers_NothingLostOrDoubled() =>
        UnderTrafficAsync("cluster-leader", seed: 24, async deployment =>
        {
            var leader = await LeaderLetterAsync(HostProgram.Attendance.ServiceName);
            RabbitMqCluster.Kill(leader);
            return $"killed node {RabbitMqCluster.NodeName(leader)} (SIGKILL), the attendance queue's leader";
        });

    [Test]
    public Task NodeAndConsumerHostKilledAtOnce_NothingLostOrDoubled() =>
        UnderTrafficAsync("cluster-node-and-host", seed: 25, async deployment =>
        {
            var leader = await LeaderLetterAsync(HostProgram.Analytics.ServiceName);
            RabbitMqCluster.Kill(leader);
            await deployment.KillAndRestartAsync(HostProgram.Analytics, 0);
            return $"killed node {RabbitMqCluster.NodeName(leader)} (the analytics queue's leader) and an analytics host (SIGKILL)";
        });

    [Test]
    public Task NodeAndIngressInstanceKilledAtOnce_IntakeGoesOn_NothingLostOrDoubled() =>
        UnderTrafficAsync("cluster-node-and-ingress", seed: 26, async deployment =>
        {
            // The node every host reaches first (Nodes lists it first): the relays' connections end with it.
            var first = RabbitMqCluster.NodeLetters[0];
            RabbitMqCluster.Kill(first);
            var acceptedAtKill = await deployment.AcceptedAsync();
            await deployment.KillAndRestartAsync(HostProgram.Ingress, 0);
            await deployment.WaitUntilAcceptedAsync(acceptedAtKill + 200, "the intake goes on accepting deliveries");
            return $"killed node {RabbitMqCluster.NodeName(first)} and ingress instance 0 (SIGKILL)";
        });

    [Test]
    public Task ConnectionsLostWhileTheBrokerBlocksPublishes_RelaysRecover_NothingLostOrDoubled() =>
        UnderTrafficAsync("cluster-blocked-reconnect", seed: 28, async deployment =>
        {
            // What a node lost under load can look like to a publisher, made repeatable: every connection ends while the
            // cluster reads nothing from a publishing connection, and the relays' publishes on their new channels time
            // out. It can meet MassTransit's stuck one-time exchange declaration (architecture.md, Outbox relay) but
            // does not reliably: it passed once before the relay handled that. The relay test that does is
            // OutboxRelayTests.PublishesThatIgnoreTheirTimeout_TheRelayStartsTheBusAgain_AndEveryDeliveryArrivesOnce.
            await RabbitMqCluster.BlockPublishersAsync(true);
            int closed;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2)); // the block's length before the connections end, not a wait for something
                closed = await cluster.Broker.CloseConnectionsAsync(virtualHost.Name);
                await Task.Delay(TimeSpan.FromSeconds(15)); // longer than Ingress:Relay:PublishTimeout (10 s)
            }
            finally
            {
                await RabbitMqCluster.BlockPublishersAsync(false);
            }

            return $"blocked publishes, closed the virtual host's {closed} connections from the broker's side, unblocked 15 s later";
        });

    [Test]
    public Task NodeStoppedWhileTheRelaysDrainABacklog_NothingLostOrDoubled() =>
        UnderTrafficAsync("cluster-backlog", seed: 27, async deployment =>
        {
            // A backlog: the broker refuses publishes (a memory alarm blocks every publishing connection in the cluster)
            // while the intake goes on committing to the outbox.
            await RabbitMqCluster.BlockPublishersAsync(true);
            long backlog;
            try
            {
                await Eventually.WaitUntilAsync(async () => await deployment.BacklogAsync() >= 1_500, FaultDeployment.Deadline,
                    "a backlog builds in the outbox while publishes are blocked");
            }
            finally
            {
                backlog = await deployment.BacklogAsync();
                var leader = await LeaderLetterAsync(HostProgram.Attendance.ServiceName);
                // The alarm ends and the relays start draining; the attendance queue's leader stops during the drain.
                await RabbitMqCluster.BlockPublishersAsync(false);
                await RabbitMqCluster.StopAsync(leader);
                TestContext.Progress.WriteLine($"{await deployment.BacklogAsync()} of the backlog still unpublished when node {RabbitMqCluster.NodeName(leader)} had stopped");
            }

            return $"blocked publishes until {backlog} deliveries waited in the outbox, then let the relays drain them and stopped the attendance queue's leader (rabbitmqctl stop)";
        });

    /// <summary>
    /// Two of every host, paced simulator traffic, <paramref name="fault"/> (killing with SIGKILL what it names) once
    /// 600 deliveries are in; then every delivery answered 2xx, the ledger clean and the read APIs agreeing. The fault
    /// says what it did.
    /// </summary>
    private async Task UnderTrafficAsync(string name, int seed, Func<FaultDeployment, Task<string>> fault)
    {
        await using var deployment = await FaultDeployment.StartAsync(virtualHost, name, instances: 2);
        var settings = deployment.Traffic(meetings: 150, seed: seed, rate: 300);
        var (simulation, traffic, simulating) = FaultInjectionTests.Start(settings);

        await deployment.WaitUntilAcceptedAsync(600, "traffic is flowing");
        var pause = ConsumerPause.Watch(deployment, simulating);
        var accepted = await deployment.AcceptedAsync();
        var done = await fault(deployment);
        TestContext.Progress.WriteLine($"{done}; {accepted} deliveries accepted at the fault");

        Assert.That(await simulating, Is.EqualTo(SimulationRun.Succeeded), traffic.ToString());
        TestContext.Progress.WriteLine($"consumers paused at most {await pause:F1} s after the fault");
        await FaultInjectionTests.AssertLedgerAsync(deployment, settings, simulation, traffic);
    }

    private async Task<string> LeaderLetterAsync(string queue)
    {
        string? leader = null;
        await Eventually.WaitUntilAsync(async () => (leader = await cluster.Broker.LeaderOfAsync(virtualHost.Name, queue)) is not null,
            FaultDeployment.Deadline, $"the management API names {queue}'s leader");
        return RabbitMqCluster.NodeLetters.Single(letter => RabbitMqCluster.NodeName(letter) == leader);
    }

    /// <summary>The longest time, in seconds, that the analytics journal did not grow, from now until the traffic ends.</summary>
    private static class ConsumerPause
    {
        public static Task<double> Watch(FaultDeployment deployment, Task simulating) => Task.Run(async () =>
        {
            var last = await deployment.CountAsync("analytics", "analytics_event_journal");
            var grew = Stopwatch.StartNew();
            var longest = 0.0;
            while (!simulating.IsCompleted)
            {
                await Task.Delay(100); // the sampling period of a measurement, not a wait for a condition
                var now = await deployment.CountAsync("analytics", "analytics_event_journal");
                if (now > last)
                {
                    longest = Math.Max(longest, grew.Elapsed.TotalSeconds);
                    last = now;
                    grew.Restart();
                }
            }

            return longest;
        });
    }
}
