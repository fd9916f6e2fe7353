using System.Diagnostics;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>Watches <c>/metrics</c> until the relay has published everything the load got accepted.</summary>
internal static class OutboxDrain
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Polls until the backlog is 0 and at least <paramref name="published"/> rows have been published in total (the
    /// backlog gauge is only refreshed after a relay round, so 0 alone may be stale), or the deadline passes.
    /// Assumes nobody else sends to this ingress meanwhile.
    /// </summary>
    public static async Task<DrainResult> WaitAsync(
        HttpClient client, Uri metrics, double published, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(PollInterval);
        while (true)
        {
            var scrape = await MetricsScrape.ReadAsync(client, metrics, cancellationToken);
            if (scrape.Backlog == 0 && scrape.Published >= published)
            {
                return new DrainResult(scrape, Stopwatch.GetTimestamp());
            }

            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                return new DrainResult(scrape, DrainedAt: null);
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
