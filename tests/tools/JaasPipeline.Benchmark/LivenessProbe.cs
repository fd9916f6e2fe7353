using System.Diagnostics;

namespace JaasPipeline.Benchmark;

/// <summary>
/// GETs <c>/health/live</c> every 50 ms while the load runs. The endpoint does no work, so its latency is what the
/// host itself (thread pool, Kestrel, CPU) adds under load: the baseline the webhook's latency is compared with.
/// </summary>
internal sealed class LivenessProbe(HttpClient client, Uri live)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public LatencyRecorder Latencies { get; } = new();

    public int Failures { get; private set; }

    /// <summary>Probes until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                await ProbeOnceAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load is over: a probe cut short is not a measurement.
        }
    }

    private async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(live, cancellationToken);
            Latencies.Record(Stopwatch.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                Failures++;
            }
        }
        catch (HttpRequestException)
        {
            Failures++;
        }
    }
}
