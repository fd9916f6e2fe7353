namespace JaasPipeline.Benchmark;

/// <summary>Polls the deployment until every consumer has caught up (see <see cref="PipelineState.CaughtUp"/>) or the deadline passes.</summary>
internal sealed class CatchUpWatch(PipelineObserver observer, Deployment deployment, TextWriter progress)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Assumes nobody else sends to this ingress meanwhile.</summary>
    public async Task<CatchUpResult> WaitAsync(double published, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = LoadClock.Now;
        var lastLine = started;
        PipelineState? last = null;
        using var timer = new PeriodicTimer(PollInterval);
        while (true)
        {
            var (state, problem) = await observer.TryReadAsync(cancellationToken);
            var now = LoadClock.Now;
            if (state is not null)
            {
                last = state;
                if (state.CaughtUp(published, deployment))
                {
                    return new CatchUpResult(state, now);
                }
            }

            var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started, now);
            if (waited > deadline)
            {
                return new CatchUpResult(last, CaughtUpAt: null);
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(lastLine, now) >= TimeSpan.FromSeconds(1))
            {
                lastLine = now;
                await progress.WriteLineAsync($"  catching up {waited.TotalSeconds,5:F0} s | {(object?)state ?? problem}");
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
