namespace JaasPipeline.Benchmark;

/// <summary>
/// Closed loop: <c>connections</c> workers, each sending its next delivery as soon as the previous one is answered,
/// so the ingress sets the pace (the most it can accept). Latency is counted from each actual send.
/// </summary>
internal static class ClosedLoopLoad
{
    public static async Task RunAsync(DeliverySender sender, MeetingMix mix, int connections, LoadLimits limits, CancellationToken cancellationToken)
    {
        var deadline = LoadClock.After(LoadClock.Now, limits.Duration);
        long remaining = limits.MaxDeliveries > 0 ? limits.MaxDeliveries : long.MaxValue;
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (LoadClock.Now < deadline && Interlocked.Decrement(ref remaining) >= 0)
            {
                var delivery = mix.Next();
                await sender.SendAsync(delivery, LoadClock.Now, cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
    }
}
