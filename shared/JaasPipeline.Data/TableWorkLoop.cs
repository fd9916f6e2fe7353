namespace JaasPipeline.Data;

/// <summary>
/// The loop of a worker driven from a table (the call-quality and meeting-gap workers): a pass over what is due, again
/// at once while a pass took a full batch, else a wait for the worker's <see cref="Doorbell"/> (if it has one) or its poll interval. A
/// pass that fails is reported and tried again after the wait; the table still says what is due, so nothing is missed.
/// </summary>
public static class TableWorkLoop
{
    /// <param name="passAsync">One pass; true when it took a full batch (more may be due at once).</param>
    /// <param name="pollInterval">Read before each wait, so a changed setting takes effect.</param>
    public static async Task RunAsync(
        Func<CancellationToken, Task<bool>> passAsync, Doorbell? doorbell, Func<TimeSpan> pollInterval, Action<Exception> passFailed,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await passAsync(stoppingToken))
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                passFailed(exception);
            }

            try
            {
                await (doorbell is null ? Task.Delay(pollInterval(), stoppingToken) : doorbell.WaitAsync(pollInterval(), stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
