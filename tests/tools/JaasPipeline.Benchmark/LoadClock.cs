using System.Diagnostics;

namespace JaasPipeline.Benchmark;

/// <summary>
/// Stopwatch timestamps for measuring, tied to the wall clock once, so that a moment of the load can be compared with
/// the Unix-millisecond times the services write into their databases (same machine, same clock).
/// </summary>
internal sealed class LoadClock
{
    private readonly long originTimestamp = Stopwatch.GetTimestamp();
    private readonly double originUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static long Now => Stopwatch.GetTimestamp();

    public double UnixMilliseconds(long timestamp) =>
        originUnixMs + Stopwatch.GetElapsedTime(originTimestamp, timestamp).TotalMilliseconds;

    /// <summary>The timestamp <paramref name="offset"/> after <paramref name="timestamp"/>.</summary>
    public static long After(long timestamp, TimeSpan offset) => timestamp + (long)(offset.TotalSeconds * Stopwatch.Frequency);
}
