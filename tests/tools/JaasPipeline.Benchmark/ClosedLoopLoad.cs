namespace JaasPipeline.Benchmark;

/// <summary>
/// Closed loop: <c>connections</c> workers, each sending its next request as soon as the previous one is answered,
/// so the server sets the pace (the most it can answer). Latency is counted from each actual send.
/// </summary>
internal static class ClosedLoopLoad
{
    /// <summary>Calls <paramref name="send"/> (with the moment it is called) from every worker until the limits are reached.</summary>
    public static async Task RunAsync(Func<long, Task> send, int connections, LoadLimits limits, CancellationToken cancellationToken)
    {
        var deadline = LoadClock.After(LoadClock.Now, limits.Duration);
        long remaining = limits.MaxDeliveries > 0 ? limits.MaxDeliveries : long.MaxValue;
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (LoadClock.Now < deadline && Interlocked.Decrement(ref remaining) >= 0)
            {
                await send(LoadClock.Now);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
    }
}
