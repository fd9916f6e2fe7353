using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// The outbox's group commit: requests hand their delivery to one writer, which commits whatever has queued up in a
/// single transaction and then answers each request. SQLite has one writer at a time, so this turns thousands of small
/// transactions a second into a few hundred larger ones without making any request wait for more than one commit.
/// Stopping cancels what is still queued: it was never answered 200, so JaaS delivers it again.
/// </summary>
public sealed partial class DeliveryWriter : IHostedService
{
    private const int MaxBatch = 512;
    private const int MaxQueued = 20_000;

    private readonly OutboxStore store;
    private readonly Database database;
    private readonly Doorbell doorbell;
    private readonly OutboxCommitHealthCheck health;
    private readonly IOptions<IngressOptions> options;
    private readonly ILogger<DeliveryWriter> logger;
    private readonly GroupCommit<IntakeWrite, DeliveryOutcome> commits;

    public DeliveryWriter(
        OutboxStore store,
        [FromKeyedServices(IngressExtensions.ServiceName)] Database database,
        [FromKeyedServices(IngressExtensions.ServiceName)] Doorbell doorbell,
        OutboxCommitHealthCheck health,
        IOptions<IngressOptions> options,
        ILogger<DeliveryWriter> logger)
    {
        this.store = store;
        this.database = database;
        this.doorbell = doorbell;
        this.health = health;
        this.options = options;
        this.logger = logger;
        commits = new GroupCommit<IntakeWrite, DeliveryOutcome>(CommitBatchAsync, MaxBatch, MaxQueued);
    }

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
        try
        {
            return await commits.SubmitAsync(delivery, cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            health.ReportFailed($"a commit took longer than Ingress:CommitTimeout ({timeout})");
            throw;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        commits.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => commits.StopAsync();

    internal async Task CommitBatchAsync(IReadOnlyList<GroupCommitEntry<IntakeWrite, DeliveryOutcome>> batch)
    {
        try
        {
            // Not cancelled by shutdown: a batch that has started commits, so its requests get their answer.
            var outcomes = await store.CommitAsync(batch.Select(entry => entry.Item).ToList(), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(outcomes[i]);
            }

            health.ReportCommitted();
            doorbell.Ring();
        }
        catch (Exception exception) when (batch.Count > 1 && database.IsRowFault(exception))
        {
            // One row the database refuses must not fail the others with it, again on every retry: commit them one by one.
            LogBatchSplit(exception, batch.Count);
            foreach (var entry in batch)
            {
                await CommitBatchAsync([entry]);
            }
        }
        catch (Exception exception)
        {
            LogCommitFailed(exception, batch.Count);
            if (!database.IsRowFault(exception))
            {
                health.ReportFailed(exception.Message);
            }

            foreach (var entry in batch)
            {
                entry.Fail(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing {Count} deliveries to the outbox failed; they are answered 503 and JaaS will retry")]
    private partial void LogCommitFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a row of a group commit of {Count} deliveries; committing them one by one")]
    private partial void LogBatchSplit(Exception exception, int count);
}
