namespace JaasPipeline.MediaArtifacts;

/// <summary>Wakes the download worker before its next poll (a download finished, a list named screenshots).</summary>
public sealed class ArtifactDoorbell
{
    private readonly SemaphoreSlim bell = new(0, 1);

    public void Ring()
    {
        try
        {
            bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung: one wake-up is enough.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await bell.WaitAsync(timeout, cancellationToken);
}
