using System.Threading.Channels;
using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// Group commit: requests hand their delivery to one writer, which commits whatever has queued up in a single
/// transaction and then answers each request. SQLite has one writer at a time, so this turns thousands of small
/// transactions a second into a few hundred larger ones without making any request wait for more than one commit.
/// </summary>
public sealed partial class DeliveryWriter(
    OutboxStore store,
    [FromKeyedServices(IngressExtensions.ServiceName)] Database database,
    OutboxDoorbell doorbell,
    OutboxCommitHealthCheck health,
    IOptions<IngressOptions> options,
    ILogger<DeliveryWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Returns once the delivery is committed (or known to be a duplicate or conflict; a rejected body: kept); throws
    /// <see cref="TimeoutException"/> if that takes longer than <c>Ingress:CommitTimeout</c>.
    /// </summary>
    /// <remarks>
    /// A delivery that timed out may still be committed later; JaaS delivers it again after the 503 and is then
    /// answered "duplicate" (a rejected body: counted again), so nothing is lost or doubled.
    /// </remarks>
    public async Task<DeliveryOutcome> CommitAsync(IntakeWrite delivery, CancellationToken cancellationToken)
    {
        var timeout = options.Value.CommitTimeout;
        var pending = new Pending(delivery);
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).AsTask().WaitAsync(timeout, cancellationToken);
            return await pending.Outcome.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            health.ReportFailed($"a commit took longer than Ingress:CommitTimeout ({timeout})");
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                await CommitBatchAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is still queued was never answered 200, so JaaS will deliver it again.
            queue.Writer.TryComplete();
            while (reader.TryRead(out var pending))
            {
                pending.Outcome.TrySetCanceled(stoppingToken);
            }
        }
    }

    internal async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            // Not cancelled by shutdown: a batch that has started commits, so its requests get their answer.
            var outcomes = await store.CommitAsync(batch.ConvertAll(p => p.Delivery), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }

            health.ReportCommitted();
            doorbell.Ring();
        }
        catch (Exception exception) when (batch.Count > 1 && database.IsRowFault(exception))
        {
            // One row the database refuses must not fail the others with it, again on every retry: commit them one by one.
            LogBatchSplit(exception, batch.Count);
            foreach (var pending in batch)
            {
                await CommitBatchAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            LogCommitFailed(exception, batch.Count);
            if (!database.IsRowFault(exception))
            {
                health.ReportFailed(exception.Message);
            }

            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing {Count} deliveries to the outbox failed; they are answered 503 and JaaS will retry")]
    private partial void LogCommitFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a row of a group commit of {Count} deliveries; committing them one by one")]
    private partial void LogBatchSplit(Exception exception, int count);

    internal sealed record Pending(IntakeWrite Delivery, TaskCompletionSource<DeliveryOutcome> Outcome)
    {
        public Pending(IntakeWrite delivery)
            : this(delivery, new TaskCompletionSource<DeliveryOutcome>(TaskCreationOptions.RunContinuationsAsynchronously))
        {
        }
    }
}
