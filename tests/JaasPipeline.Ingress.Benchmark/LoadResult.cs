using System.Diagnostics;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>What a send phase achieved; timestamps are <see cref="Stopwatch.GetTimestamp"/> values.</summary>
internal sealed record LoadResult(
    int Accepted, long FirstSend, long LastAnswer, long LastAccept, IReadOnlyDictionary<string, int> Failures)
{
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(FirstSend, LastAnswer);

    public int FailureCount => Failures.Values.Sum();
}
