namespace JaasPipeline.Analytics.Quality;

/// <summary>Wakes the call-quality worker when a statistics file has been noted, so it need not wait for its next poll.</summary>
public sealed class CallQualitySignal
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake-pending: one wake-up covers every file noted before the worker looks.
        }
    }

    /// <summary>Waits for a wake-up or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) => wake.WaitAsync(pollInterval, cancellationToken);
}
