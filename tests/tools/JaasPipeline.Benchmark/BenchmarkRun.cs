using JaasPipeline.Traffic;
using System.Diagnostics;
using System.Reflection;

namespace JaasPipeline.Benchmark;

/// <summary>
/// One run: warm up and wait for the consumers to catch up, send the measured load (closed or open loop) while probing
/// /health/live and printing a progress line per second, wait until every consumer has caught up, read commit times
/// from the databases and peak memory and CPU use from /proc, report.
/// </summary>
internal sealed class BenchmarkRun(BenchmarkSettings settings, TextWriter output)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Refused = 2;

    private static readonly TimeSpan WarmupLimit = TimeSpan.FromMinutes(10);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var loadClient = LoopbackAddress.CreateClient(settings.Connections);
        // The probe and the scrapes get their own connections: in the load's saturated pool they would time the
        // client's queue, not the server.
        using var observerClient = LoopbackAddress.CreateClient(connections: 4);
        var broker = settings.Deployment == Deployment.Production
            ? new BrokerQueues(observerClient, settings.Management, settings.VirtualHost!, settings.BrokerUsername, settings.BrokerPassword)
            : null;
        var observer = new PipelineObserver(observerClient, settings.Metrics, broker);
        var catchUp = new CatchUpWatch(observer, settings.Deployment, output);
        var clock = new LoadClock();
        var mix = new MeetingMix(settings.Meetings, settings.Seed, TimeProvider.System);
        var processes = DeploymentProcesses.Find(settings.Pids, settings.SharedPids, settings.ProcessMatches);

        await output.WriteLineAsync($"Target:      {settings.Webhook} ({(settings.Secret is null ? "unsigned" : "signed")}), {settings.Deployment} deployment" +
                                    (broker is null ? "" : $", RabbitMQ virtual host '{broker.VirtualHost}'"));
        await output.WriteLineAsync($"Load:        {Describe(settings)}");
        if (!await IsLiveAsync(observerClient, cancellationToken) || await observer.TryReadAsync(cancellationToken) is not ({ } before, _))
        {
            await output.WriteLineAsync("Cannot read the deployment's /metrics" + (broker is null ? "" : " or the RabbitMQ management API") + "; nothing sent.");
            return Failed;
        }

        if (settings.Deployment == Deployment.Embedded && before.Ingress.InMemoryUnsettled is null)
        {
            await output.WriteLineAsync($"Note:        /metrics has no {MetricsScrape.InMemoryUnsettledMetric}: \"caught up\" can only mean outbox backlog 0 " +
                                        "(published to the in-memory bus), not yet consumed by every consumer.");
        }

        if (settings.Warmup > 0 && !await WarmUpAsync(loadClient, mix, clock, catchUp, before, cancellationToken))
        {
            return Failed;
        }

        if (await observer.TryReadAsync(cancellationToken) is not ({ } start, _))
        {
            await output.WriteLineAsync("Cannot read the deployment's state after the warm-up; nothing measured.");
            return Failed;
        }

        var log = new DeliveryLog();
        var sender = new DeliverySender(loadClient, settings.Webhook, settings.Secret, clock, log);
        var probe = new LivenessProbe(observerClient, settings.Live);
        var cpuAtStart = processes.SampleCpu();
        var duringLoad = new LoadObservation();
        TimeSpan generatorLag;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var probing = probe.RunAsync(stop.Token);
            var reporting = ReportProgressAsync(log, observer, duringLoad, stop.Token);
            if (settings.Mode == LoadMode.Closed)
            {
                await ClosedLoopLoad.RunAsync(sent => sender.SendAsync(mix.Next(), sent, cancellationToken), settings.Connections, settings.Limits, cancellationToken);
                generatorLag = TimeSpan.Zero;
            }
            else
            {
                generatorLag = await OpenLoopLoad.RunAsync(due => sender.SendAsync(mix.Next(), due, cancellationToken), settings.Rate, settings.Limits, cancellationToken);
            }

            await stop.CancelAsync();
            await Task.WhenAll(probing, reporting);
        }

        var endOfLoad = (await observer.TryReadAsync(cancellationToken)).State;
        await output.WriteLineAsync($"Load done:   {log.AcceptedCount} accepted; waiting until every consumer has caught up (at most {settings.CatchUpTimeout.TotalSeconds:F0} s)");
        var caughtUp = await catchUp.WaitAsync(start.Ingress.Published + log.AcceptedCount, settings.CatchUpTimeout, cancellationToken);
        var resources = processes.Read(cpuAtStart);

        var commits = settings.ConsumerDatabases.Count > 0 && log.AcceptedCount > 0
            ? await ReadCommitsAsync(log, clock, cancellationToken)
            : null;

        var report = new BenchmarkReport(settings, clock, log, probe, duringLoad, endOfLoad, caughtUp, commits, resources, generatorLag);
        await report.PrintAsync(output);
        var cost = await PrintCostRatioAsync(observerClient, processes, resources, log.AcceptedCount, caughtUp.CaughtUpAt is not null, cancellationToken);
        var plain = settings.Deployment == Deployment.Production && settings.PlainClient && caughtUp.CaughtUpAt is not null && log.AcceptedCount > 0
            ? await PrintPlainClientCostAsync(loadClient, observerClient, clock, processes, log, commits, cost, cancellationToken)
            : null;
        await report.PrintTargetsAsync(output, cost, plain);
        return report.Passed ? Succeeded : Failed;
    }

    // Last, after the baseline: it sends more deliveries (for the capture) and loads the broker on its own.
    private async Task<PlainClientCost?> PrintPlainClientCostAsync(
        HttpClient loadClient, HttpClient managementClient, LoadClock clock, DeploymentProcesses processes, DeliveryLog log, CommitReport? commits,
        CostRatio? cost, CancellationToken cancellationToken)
    {
        var phase = new PlainClientPhase(settings, loadClient, managementClient, clock, processes, output);
        var plain = await phase.MeasureAsync(log.Accepted, commits, cancellationToken);
        if (plain is null)
        {
            await output.WriteLineAsync("Broker alone:    not measured");
            return null;
        }

        // The package's version ("7.2.2+<commit>"): the assembly's own stays 7.0.0 across the 7.x releases.
        var client = typeof(RabbitMQ.Client.IConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        await output.WriteLineAsync($"                 RabbitMQ.Client {client} publishing and consuming the run's {plain}");
        await output.WriteLineAsync("                 (the run's events in order, each as a captured envelope of its type to its type's exchange; persistent, " +
                                    $"mandatory, batches of {new Ingress.Outbox.RelayOptions().BatchSize} with confirms awaited together; one consumer per queue, " +
                                    $"prefetch {Messaging.ServiceQueueSettings.PrefetchCount}, an ack per message; a copy of the deployment's topology in " +
                                    $"virtual host {settings.VirtualHost}-plain, deleted again)");
        if (plain.Ratio(cost) is { } ratio)
        {
            await output.WriteLineAsync($"                 the deployment with the broker: {(cost!.CpuPerDelivery + cost.SharedCpuPerDelivery) * 1e6:F0} µs CPU per event = " +
                                        $"{ratio:F1}x the plain client's");
        }

        return plain;
    }

    // After the report: the baseline runs on the caught-up deployment, so it neither competes with the load nor delays
    // the figures above.
    private async Task<CostRatio?> PrintCostRatioAsync(
        HttpClient client, DeploymentProcesses processes, ResourceUse resources, int accepted, bool caughtUp, CancellationToken cancellationToken)
    {
        if (settings.LiveBaseline <= TimeSpan.Zero)
        {
            return null;
        }

        if (!caughtUp)
        {
            await output.WriteLineAsync("Cost ratio:      not measured (the consumers did not catch up, so the CPU per delivery is not known)");
            return null;
        }

        using var baselineClient = LoopbackAddress.CreateClient(settings.Connections);
        var baseline = await LiveBaseline.MeasureAsync(baselineClient, settings.Live, settings.Connections, settings.LiveBaseline, processes, cancellationToken);
        var cost = CostRatio.Of(resources, accepted, baseline);
        await output.WriteLineAsync(cost is not null
            ? $"Cost ratio:      {cost}"
            : "Cost ratio:      not measured (give the deployment's processes with --pid, one labelled ingress or standalone)");
        return cost;
    }

    /// <summary>
    /// Sends the warm-up deliveries (closed loop) and waits until the consumers have caught up with them, so the measured
    /// run starts from an idle deployment with warm code paths. A refused warm-up delivery (a wrong secret, say) ends
    /// the run here, before the measured load.
    /// </summary>
    private async Task<bool> WarmUpAsync(
        HttpClient client, MeetingMix mix, LoadClock clock, CatchUpWatch catchUp, PipelineState before, CancellationToken cancellationToken)
    {
        var log = new DeliveryLog();
        var sender = new DeliverySender(client, settings.Webhook, settings.Secret, clock, log);
        await ClosedLoopLoad.RunAsync(
            sent => sender.SendAsync(mix.Next(), sent, cancellationToken), settings.Connections, new LoadLimits(WarmupLimit, settings.Warmup), cancellationToken);
        if (log.FailureCount > 0)
        {
            await output.WriteLineAsync($"Warm-up:     {log.AcceptedCount} of {settings.Warmup} accepted; refused: " +
                                        string.Join(", ", log.Failures.Select(f => $"{f.Value} x {f.Key}")) + "; nothing measured.");
            return false;
        }

        var caughtUp = await catchUp.WaitAsync(before.Ingress.Published + log.AcceptedCount, settings.CatchUpTimeout, cancellationToken);
        await output.WriteLineAsync($"Warm-up:     {log.AcceptedCount} accepted (not counted), " +
                                    (caughtUp.CaughtUpAt is null ? "consumers did NOT catch up; nothing measured." : "consumers caught up"));
        return caughtUp.CaughtUpAt is not null;
    }

    /// <summary>
    /// Reads the commit times once every accepted delivery is in some consumer's inbox, or once the count has stopped
    /// growing for a few seconds (an event type no consumer handles, a faulted message), or at the catch-up deadline.
    /// The operator's view can say "caught up" a little early (stale broker statistics, or no in-memory gauge), and a
    /// latency computed from a partial inbox would be wrong.
    /// </summary>
    private async Task<CommitReport> ReadCommitsAsync(DeliveryLog log, LoadClock clock, CancellationToken cancellationToken)
    {
        var accepted = log.Accepted;
        var since = clock.UnixMilliseconds(log.FirstSend) - 60_000;
        var started = LoadClock.Now;
        var unchanged = 0;
        var report = await CommitTimes.ReadAsync(settings.IngressDatabase, settings.ConsumerDatabases, accepted, since);
        while (!report.Complete && unchanged < 3 && Stopwatch.GetElapsedTime(started) < settings.CatchUpTimeout)
        {
            await output.WriteLineAsync($"  inboxes hold {report.InSomeInbox} of {accepted.Count} accepted deliveries; reading again in 1 s");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var next = await CommitTimes.ReadAsync(settings.IngressDatabase, settings.ConsumerDatabases, accepted, since);
            unchanged = next.InSomeInbox == report.InSomeInbox ? unchanged + 1 : 0;
            report = next;
        }

        return report;
    }

    private static string Describe(BenchmarkSettings s) =>
        (s.Mode == LoadMode.Closed
            ? $"closed loop, {s.Connections} connections"
            : $"open loop, {s.Rate:F0} deliveries/s offered (at most {s.Connections} connections)") +
        $", {s.Limits.Duration.TotalSeconds:F0} s" + (s.Limits.MaxDeliveries > 0 ? $" or {s.Limits.MaxDeliveries} deliveries" : "") +
        $", {s.Meetings} meetings at once, seed {s.Seed}, warm-up {s.Warmup}";

    /// <summary>A line per second while the load runs: what was sent and answered, and what the operator would see.</summary>
    private async Task ReportProgressAsync(DeliveryLog log, PipelineObserver observer, LoadObservation observation, CancellationToken cancellationToken)
    {
        var started = LoadClock.Now;
        var lastAccepted = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var (state, problem) = await observer.TryReadAsync(cancellationToken);
                observation.Saw(state);
                var accepted = log.AcceptedCount;
                await output.WriteLineAsync(
                    $"  {Stopwatch.GetElapsedTime(started).TotalSeconds,5:F0} s | sent {log.Sent}, accepted {accepted} (+{accepted - lastAccepted}/s), " +
                    $"failed {log.FailureCount}, in flight {log.Sent - log.Answered} | {(object?)state ?? problem}");
                lastAccepted = accepted;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load is over.
        }
    }

    private async Task<bool> IsLiveAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(settings.Live, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            await output.WriteLineAsync($"{settings.Live} answered {(int)response.StatusCode}; is the ingress running there?");
        }
        catch (HttpRequestException exception)
        {
            await output.WriteLineAsync($"Nothing answers at {settings.Live} ({exception.Message}); start the deployment first.");
        }

        return false;
    }
}
