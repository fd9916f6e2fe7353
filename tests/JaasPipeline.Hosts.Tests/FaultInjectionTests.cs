using JaasPipeline.Simulator;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// Production mode under faults (<see cref="FaultDeployment"/>): simulator traffic flowing through the real RabbitMQ
/// (duplicates, shuffled, retries after a non-2xx), one fault per test. Each run prints its ledger — accepted deliveries
/// against the effects in each consumer's tables — which must show nothing lost and nothing doubled, and every read API
/// must agree with the traffic.
/// </summary>
public sealed class FaultInjectionTests
{
    private TestVirtualHost virtualHost = null!;

    [SetUp]
    public async Task CreateVirtualHost() => virtualHost = await TestVirtualHost.CreateAsync("fault-tests");

    [TearDown]
    public async Task DeleteVirtualHost() => await virtualHost.DisposeAsync();

    [Test]
    public async Task ConsumerHostsKilledMidStream_LoseAndDoubleNothing()
    {
        await using var deployment = await FaultDeployment.StartAsync(virtualHost, "faults-kill");
        var settings = deployment.Traffic(meetings: 120, seed: 2026);
        var (simulation, traffic, simulating) = Start(settings);

        // Each consumer host dies while its queue still holds work: in the middle of a group of messages, whose inbox
        // rows and effects were not committed, so RabbitMQ delivers them again to the restarted host.
        await deployment.KillAndRestartWhenAsync(HostProgram.Analytics, 0, "analytics_event_journal", 400);
        await deployment.KillAndRestartWhenAsync(HostProgram.Attendance, 0, "attendance_facts", 300);
        Assert.That(await simulating, Is.EqualTo(SimulationRun.Succeeded), traffic.ToString());

        await AssertLedgerAsync(deployment, settings, simulation, traffic);
    }

    [Test]
    public async Task BrokerStoppedUnderTraffic_IntakeGoesOnAndNothingIsLostOrDoubled()
    {
        await using var deployment = await FaultDeployment.StartAsync(virtualHost, "faults-broker");
        // Paced, so that traffic is still arriving after `rabbitmqctl stop_app` returns (it takes seconds).
        var settings = deployment.Traffic(meetings: 200, seed: 7, rate: 400);
        var (simulation, traffic, simulating) = Start(settings);

        await deployment.WaitUntilAcceptedAsync(500, "traffic is flowing");
        await virtualHost.Broker.StopAsync();
        try
        {
            var acceptedAtStop = await deployment.AcceptedAsync();
            await deployment.WaitUntilAcceptedAsync(acceptedAtStop + 200, "the ingress goes on accepting deliveries while the broker is down");
            TestContext.Progress.WriteLine(
                $"broker stopped with {acceptedAtStop} deliveries accepted; {await deployment.AcceptedAsync() - acceptedAtStop} more accepted while it was down; starting it again");
        }
        finally
        {
            // Whatever happened above, the broker must come back for the tests after this one.
            await virtualHost.Broker.StartAgainAsync();
        }

        Assert.That(await simulating, Is.EqualTo(SimulationRun.Succeeded), traffic.ToString());
        await AssertLedgerAsync(deployment, settings, simulation, traffic);
    }

    [Test]
    public async Task DatabasesRefuseWritesForAWhile_DeliveriesAreRetriedAndNothingIsLostOrDoubled()
    {
        await using var deployment = await FaultDeployment.StartAsync(virtualHost, "faults-database");
        var settings = deployment.Traffic(meetings: 250, seed: 11, rate: 400);
        var (simulation, traffic, simulating) = Start(settings);

        // The ingress's database first: longer than Ingress:CommitTimeout (5 s), so waiting requests are answered 503
        // and JaaS (the simulator) sends them again; some of them were committed after all and come back "duplicate".
        await deployment.WaitUntilAcceptedAsync(500, "traffic is flowing");
        await HoldWriteLockAsync(deployment, "ingress", "outbox_deliveries", TimeSpan.FromSeconds(8));

        // Then a consumer's: longer than SQLite's 10 s busy timeout, so the messages it is handling fail and are retried.
        var attendanceAfterLock = await HoldWriteLockAsync(deployment, "attendance", "attendance_facts", TimeSpan.FromSeconds(12));
        Assert.That(await simulating, Is.EqualTo(SimulationRun.Succeeded), traffic.ToString());
        await AssertLedgerAsync(deployment, settings, simulation, traffic);

        // The faults bit: requests were answered 503 and sent again, and attendance still had work after its lock.
        Assert.That(simulation.Requests, Is.GreaterThan(simulation.Deliveries), "some deliveries needed a retry\n" + traffic);
        Assert.That(await deployment.CountAsync("attendance", "attendance_facts"), Is.GreaterThan(attendanceAfterLock), "attendance wrote after its lock");
    }

    [Test]
    public async Task TwoInstancesOfEveryHost_EveryDeliverySentTwice_LoseAndDoubleNothing()
    {
        await using var deployment = await FaultDeployment.StartAsync(virtualHost, "faults-twice", instances: 2);
        // Every delivery twice, and since requests go to the two ingress instances in turn, mostly once to each: the two
        // race to commit the same idempotency key.
        var settings = deployment.Traffic(meetings: 100, seed: 3, duplicates: 1.0);
        var (simulation, traffic, simulating) = Start(settings);
        Assert.That(await simulating, Is.EqualTo(SimulationRun.Succeeded), traffic.ToString());

        var ledger = await AssertLedgerAsync(deployment, settings, simulation, traffic);
        Assert.That(ledger.Relays, Is.EqualTo(2), "both ingress instances' relays published\n" + ledger.Text);
    }

    internal static (SimulationRun Simulation, StringWriter Traffic, Task<int> Simulating) Start(SimulationSettings settings)
    {
        var traffic = new StringWriter();
        var simulation = new SimulationRun(settings with { Verify = false }, traffic);
        return (simulation, traffic, simulation.RunAsync(CancellationToken.None));
    }

    /// <summary>Holds <paramref name="database"/>'s write lock for <paramref name="duration"/>; its <paramref name="table"/>'s rows at the end (none were added meanwhile).</summary>
    private static async Task<long> HoldWriteLockAsync(FaultDeployment deployment, string database, string table, TimeSpan duration)
    {
        await using (await deployment.LockForWritesAsync(database))
        {
            var atStart = await deployment.CountAsync(database, table);
            TestContext.Progress.WriteLine($"{database} database refuses writes for {duration.TotalSeconds:F0} s ({table}: {atStart} rows)");
            await Task.Delay(duration); // the fault's length, not a wait for something to happen
            var atEnd = await deployment.CountAsync(database, table);
            Assert.That(atEnd, Is.EqualTo(atStart), $"nothing was written to {database} while it was locked");
            return atEnd;
        }
    }

    internal static async Task<Ledger> AssertLedgerAsync(FaultDeployment deployment, SimulationSettings settings, SimulationRun simulation, StringWriter traffic)
    {
        var verification = new StringWriter();
        var verified = await new PipelineVerification(settings, verification).RunAsync(simulation.Expected, CancellationToken.None);
        var ledger = await deployment.LedgerAsync();
        TestContext.Progress.WriteLine(traffic.ToString() + verification + ledger.Text);
        Assert.That(ledger.Lost, Is.Zero, ledger.Text);
        Assert.That(ledger.Doubled, Is.Zero, ledger.Text);
        Assert.That(verified, Is.True, verification.ToString());
        return ledger;
    }
}
