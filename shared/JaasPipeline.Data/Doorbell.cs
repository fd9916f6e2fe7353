namespace JaasPipeline.Data;

/// <summary>
/// Wakes a worker that polls a table (the outbox relay, the download worker, the call-quality worker) as soon as
/// there is something for it, instead of at its next poll. Rings coalesce: however often it rang since the worker
/// last woke, the worker wakes once, and a ring that nobody waits for costs one interlocked read.
/// </summary>
public sealed class Doorbell
{
    private readonly SemaphoreSlim bell = new(0, 1);

    // 1 from a ring until the worker wakes: later rings are already covered by the work it is about to do.
    private int rung;

    public void Ring()
    {
        if (Volatile.Read(ref rung) == 0 && Interlocked.Exchange(ref rung, 1) == 0)
        {
            bell.Release();
        }
    }

    /// <summary>Waits for a ring or the timeout, whichever comes first; true if it rang.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rang = await bell.WaitAsync(timeout, cancellationToken);
        if (rang)
        {
            // Cleared before the worker looks, so a ring from now on wakes it again after this round.
            Volatile.Write(ref rung, 0);
        }

        return rang;
    }
}
