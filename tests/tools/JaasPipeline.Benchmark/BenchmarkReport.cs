using System.Diagnostics;

namespace JaasPipeline.Benchmark;

/// <summary>The figures of one run as plain text, each with what it measures, then the targets.</summary>
internal sealed class BenchmarkReport(
    BenchmarkSettings settings,
    LoadClock clock,
    DeliveryLog log,
    LivenessProbe probe,
    LoadObservation duringLoad,
    PipelineState? endOfLoad,
    CatchUpResult caughtUp,
    CommitReport? commits,
    ResourceUse resources,
    TimeSpan generatorLag)
{
    private const double ProductionEndToEndTarget = 3_000;
    private const double EmbeddedEndToEndTarget = 4_500;
    private const double OpenLoopP99TargetMs = 500;
    private const long PeakRssTargetMb = 300;
    private const double EmbeddedCostRatioTarget = 10;
    private const double ProductionCostRatioTarget = 25;
    private const double PlainClientCostTarget = 2;

    /// <summary>Every delivery accepted, every consumer caught up in time, and every accepted delivery in some inbox.</summary>
    public bool Passed =>
        log.FailureCount == 0 && caughtUp.CaughtUpAt is not null && (commits is null || commits.NotCommittedByType.Count == 0);

    public async Task PrintAsync(TextWriter output)
    {
        var accepted = log.AcceptedCount;
        var sending = accepted == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(log.FirstSend, log.LastAnswer);
        var acceptedPerSecond = accepted / sending.TotalSeconds;
        var live = probe.Latencies.Summarize();
        var endToEnd = EndToEnd;

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Sent:            {log.Sent} deliveries in {sending.TotalSeconds:F1} s ({Mix()})");
        await output.WriteLineAsync($"Accepted:        {accepted}, {acceptedPerSecond:F0}/s (accepted / time from first send to last answer)");
        await output.WriteLineAsync($"Failures:        {Failures()}");
        if (settings.Mode == LoadMode.Open)
        {
            await output.WriteLineAsync($"Offered:         {settings.Rate:F0}/s on schedule; sent {log.Sent / sending.TotalSeconds:F0}/s from the first send to the last answer; " +
                                        $"generator at worst {generatorLag.TotalMilliseconds:F0} ms behind schedule");
        }

        await output.WriteLineAsync($"Webhook ms:      {log.WebhookLatencies.Summarize()} " +
                                    (settings.Mode == LoadMode.Open ? "(from each delivery's scheduled send time)" : "(from each send)"));
        await output.WriteLineAsync($"/health/live ms: {live} ({probe.Failures} failed), probed every 50 ms under the same load");
        var queued = settings.Deployment == Deployment.Production
            ? $"queued (ready + unacked) at most {duringLoad.MaxQueued}"
            : duringLoad.SawUnsettled ? $"unsettled at most {duringLoad.MaxQueued}" : "unsettled n/a";
        await output.WriteLineAsync($"During load:     outbox backlog at most {duringLoad.MaxBacklog:F0}, {queued}; at its end: {(object?)endOfLoad ?? "n/a"}");

        if (caughtUp.CaughtUpAt is { } caughtUpAt && accepted > 0)
        {
            var fromFirstSend = Stopwatch.GetElapsedTime(log.FirstSend, caughtUpAt);
            await output.WriteLineAsync($"Caught up:       {fromFirstSend.TotalSeconds:F1} s after the first send, " +
                                        $"{Stopwatch.GetElapsedTime(log.LastAccept, caughtUpAt).TotalSeconds:F1} s after the last accept ({CaughtUpMeans()})");
            await output.WriteLineAsync($"End to end:      {endToEnd:F0} events/s (accepted / time from the first send until every consumer was seen caught up)");
        }
        else
        {
            await output.WriteLineAsync($"Caught up:       NOT within {settings.CatchUpTimeout.TotalSeconds:F0} s; last seen: {(object?)caughtUp.Last ?? "n/a"}");
        }

        if (commits is not null)
        {
            await PrintCommitsAsync(output, commits, accepted);
        }
        else
        {
            await output.WriteLineAsync("Commit latency:  not measured (give --ingress-db and --consumer-db to read it from the SQLite files)");
        }

        await output.WriteLineAsync($"Processes:       peak RSS (VmHWM), RSS now, and cores used from the start of the measured load until caught up ({resources.Seconds:F0} s)" +
                                    (resources.Deployment.Any() ? "" : "; no deployment processes given (--pid / --process-match)"));
        foreach (var process in resources.Processes)
        {
            await output.WriteLineAsync(process.PeakKb is { } peak
                ? $"  {process.Label,-26} pid {process.Pid,-7} peak {peak / 1024.0,5:F0} MB, now {process.CurrentKb / 1024.0,5:F0} MB, {process.CpuCores,5:F2} cores"
                : $"  {process.Label,-26} pid {process.Pid,-7} not running (no /proc/{process.Pid}/status)");
        }

        if (resources.MachineBusyCores is { } busy)
        {
            await output.WriteLineAsync($"  whole machine: {busy:F2} of {Environment.ProcessorCount} cores busy (everything that ran, not only the deployment)");
        }

    }

    private async Task PrintCommitsAsync(TextWriter output, CommitReport commits, int accepted)
    {
        await output.WriteLineAsync($"Commit latency:  accepted -> last consumer's commit, ms: {commits.AcceptToLastCommit}");
        if (settings.Mode == LoadMode.Open)
        {
            await output.WriteLineAsync($"                 scheduled send -> last consumer's commit, ms: {commits.IntendedToLastCommit}");
        }

        await output.WriteLineAsync("                 (outbox_deliveries.received_at to the latest inbox_messages.received_at over the consumers that " +
                                    "hold the delivery; the inbox row is written when the consumer's transaction starts, a few ms before its commit)");
        await output.WriteLineAsync($"Inbox rows:      {string.Join(", ", commits.RowsByConsumer.Select(r => $"{r.Key} {r.Value}"))} of {accepted} accepted" +
                                    (commits.NotInOutbox > 0 ? $"; {commits.NotInOutbox} not found in the outbox (no ingress database given?)" : ""));
        if (commits.NotCommittedByType.Count > 0)
        {
            await output.WriteLineAsync("NOT in any inbox: " + string.Join(", ", commits.NotCommittedByType.Select(n => $"{n.Value} x {n.Key}")));
        }

        if (commits.LastCommitUnixMs is { } lastCommit && accepted > 0)
        {
            var span = (lastCommit - clock.UnixMilliseconds(log.FirstSend)) / 1000;
            await output.WriteLineAsync($"Last commit:     {span:F1} s after the first send = {accepted / span:F0} events/s end to end by the databases " +
                                        "(no polling delay; compare with the operator's view above)");
        }
    }

    /// <summary>Accepted deliveries / time from the first send until every consumer was seen caught up; null if they were not.</summary>
    private double? EndToEnd =>
        caughtUp.CaughtUpAt is { } caughtUpAt && log.AcceptedCount > 0
            ? log.AcceptedCount / Stopwatch.GetElapsedTime(log.FirstSend, caughtUpAt).TotalSeconds
            : null;

    /// <summary>The targets, last: the cost ratio and the broker's own cost are measured after the figures above.</summary>
    public async Task PrintTargetsAsync(TextWriter output, CostRatio? cost, PlainClientCost? plain)
    {
        var endToEnd = EndToEnd;
        await output.WriteLineAsync("Targets:");
        if (settings.Mode == LoadMode.Closed)
        {
            var target = settings.Deployment == Deployment.Production ? ProductionEndToEndTarget : EmbeddedEndToEndTarget;
            await output.WriteLineAsync($"  end to end >= {target:F0} events/s ({settings.Deployment}): {Verdict(endToEnd >= target)}");
        }
        else if (commits is not null)
        {
            await output.WriteLineAsync($"  p99 accepted -> last commit < {OpenLoopP99TargetMs:F0} ms: {Verdict(commits.AcceptToLastCommit.P99 < OpenLoopP99TargetMs)}");
        }

        var peaks = resources.Deployment.Where(m => m.PeakKb is not null).ToList();
        if (peaks.Count > 0)
        {
            await output.WriteLineAsync($"  peak RSS <= {PeakRssTargetMb} MB per process: {Verdict(peaks.All(m => m.PeakKb <= PeakRssTargetMb * 1024))}");
        }

        if (cost is not null)
        {
            var target = settings.Deployment == Deployment.Production ? ProductionCostRatioTarget : EmbeddedCostRatioTarget;
            await output.WriteLineAsync($"  cost ratio <= {target:F0}x ({settings.Deployment}, the deployment's processes): {cost.Ratio:F1}x {Verdict(cost.Ratio <= target)}");
        }

        if (plain?.Ratio(cost) is { } ratio)
        {
            await output.WriteLineAsync($"  CPU per event with the broker <= {PlainClientCostTarget:F0}x the plain client's (client + broker): " +
                                        $"{(cost!.CpuPerDelivery + cost.SharedCpuPerDelivery) * 1e6:F0} µs / {plain.CpuPerEvent * 1e6:F0} µs = {ratio:F1}x " +
                                        Verdict(ratio <= PlainClientCostTarget));
        }
    }

    private string CaughtUpMeans() =>
        settings.Deployment == Deployment.Production
            ? "outbox backlog 0 and every service queue 0 ready + 0 unacked in the management API, whose queue figures trail by up to ~5 s"
            : endOfLoad?.Ingress.InMemoryUnsettled is null && caughtUp.Last?.Ingress.InMemoryUnsettled is null
                ? "outbox backlog 0 only: the host does not export jaas_inmemory_unsettled"
                : "outbox backlog 0 and jaas_inmemory_unsettled 0";

    private string Mix() =>
        string.Join(", ", log.SentByType.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {100.0 * t.Value / Math.Max(1, log.Sent):F0}%"));

    private string Failures() =>
        log.FailureCount == 0
            ? "none"
            : string.Join(", ", log.Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Value} x {f.Key}"));

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";
}
