namespace JaasPipeline.Ingress.Benchmark;

/// <summary>One run: warm up, wait for the warm-up to drain, send the measured load under a liveness probe, wait for the drain, report.</summary>
internal sealed class BenchmarkRun(BenchmarkSettings settings)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Refused = 2;

    private static readonly TimeSpan DrainDeadline = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var target = settings.Target;
        using var loadClient = target.CreateClient(settings.Concurrency);
        // The probe and the scrapes get their own connections: in the load's saturated pool they would time the
        // client's queue, not the server.
        using var observerClient = target.CreateClient(connections: 2);
        var load = new DeliveryLoad(loadClient, target.Webhook, settings.Secret, TimeProvider.System);

        Console.WriteLine($"Target:      {target.Webhook} ({(settings.Secret is null ? "unsigned" : "signed")})");
        if (!await IsLiveAsync(observerClient, target.Live, cancellationToken))
        {
            return Failed;
        }

        if (settings.Warmup > 0)
        {
            var beforeWarmup = await MetricsScrape.ReadAsync(observerClient, target.Metrics, cancellationToken);
            var warmup = await load.SendAsync(settings.Warmup, settings.Concurrency, new LatencyRecorder(), cancellationToken);
            // The measured drain must count only measured deliveries: let the warm-up's leave the outbox first.
            var warmupDrain = await OutboxDrain.WaitAsync(
                observerClient, target.Metrics, beforeWarmup.Published + warmup.Accepted, DrainDeadline, cancellationToken);
            Console.WriteLine($"Warm-up:     {warmup.Accepted} of {settings.Warmup} accepted, outbox {(warmupDrain.DrainedAt is null ? "NOT drained" : "drained")}");
        }

        var start = await MetricsScrape.ReadAsync(observerClient, target.Metrics, cancellationToken);
        var probe = new LivenessProbe(observerClient, target.Live);
        var webhookLatencies = new LatencyRecorder();
        LoadResult result;
        using (var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var probing = probe.RunAsync(stopProbe.Token);
            result = await load.SendAsync(settings.Deliveries, settings.Concurrency, webhookLatencies, cancellationToken);
            await stopProbe.CancelAsync();
            await probing;
        }

        var drain = await OutboxDrain.WaitAsync(
            observerClient, target.Metrics, start.Published + result.Accepted, DrainDeadline, cancellationToken);

        new BenchmarkReport(settings, result, webhookLatencies.Summarize(), probe, start, drain).Print(Console.Out);
        return result.FailureCount == 0 && drain.DrainedAt is not null ? Succeeded : Failed;
    }

    private static async Task<bool> IsLiveAsync(HttpClient client, Uri live, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(live, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            await Console.Error.WriteLineAsync($"{live} answered {(int)response.StatusCode}; is an ingress running there?");
        }
        catch (HttpRequestException exception)
        {
            await Console.Error.WriteLineAsync($"Nothing answers at {live} ({exception.Message}); start the ingress first.");
        }

        return false;
    }
}
