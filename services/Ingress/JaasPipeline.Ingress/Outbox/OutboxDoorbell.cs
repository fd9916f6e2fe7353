using System.Threading.Channels;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>Wakes the relay as soon as a commit lands, instead of waiting for its next poll.</summary>
public sealed class OutboxDoorbell
{
    private readonly Channel<bool> rings = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Ring() => rings.Writer.TryWrite(true);

    /// <summary>Waits for a ring or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await rings.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a ring: time to look anyway.
        }
    }
}
