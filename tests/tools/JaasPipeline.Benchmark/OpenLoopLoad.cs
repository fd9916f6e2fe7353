using System.Diagnostics;

namespace JaasPipeline.Benchmark;

/// <summary>
/// Open loop at a fixed offered rate: request <c>i</c> is due at <c>start + i / rate</c> whatever happened to the
/// earlier ones, and its latency is counted from that due time, not from when it actually left. A slow answer therefore
/// cannot hold back the next sends and hide its own cost (no coordinated omission); if the server (or this
/// generator) falls behind, the waiting shows up in the latency.
/// </summary>
internal static class OpenLoopLoad
{
    /// <summary>Calls <paramref name="send"/> (with the request's due timestamp) on schedule; returns how far the
    /// generator itself ran behind the schedule at worst.</summary>
    public static async Task<TimeSpan> RunAsync(Func<long, Task> send, double rate, LoadLimits limits, CancellationToken cancellationToken)
    {
        var start = LoadClock.Now;
        var end = LoadClock.After(start, limits.Duration);
        var ticksPerDelivery = Stopwatch.Frequency / rate;
        long max = limits.MaxDeliveries > 0 ? limits.MaxDeliveries : long.MaxValue;
        var sends = new List<Task>();
        var worstLag = 0L;
        for (long i = 0; i < max; i++)
        {
            var due = start + (long)(i * ticksPerDelivery);
            if (due >= end)
            {
                break;
            }

            var now = LoadClock.Now;
            if (due > now)
            {
                // Timer resolution is about 1 ms: deliveries due within the wait go out together when it ends, each
                // still measured from its own due time.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Stopwatch.GetElapsedTime(now, due).TotalMilliseconds)), cancellationToken);
            }

            worstLag = Math.Max(worstLag, LoadClock.Now - due);
            sends.Add(send(due));
        }

        await Task.WhenAll(sends);
        return TimeSpan.FromSeconds((double)worstLag / Stopwatch.Frequency);
    }
}
