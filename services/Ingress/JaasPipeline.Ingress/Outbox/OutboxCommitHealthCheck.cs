using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// Readiness of the intake itself: ready while the outbox commits. Fed by every commit of <see cref="DeliveryWriter"/>
/// (accepted deliveries and rejected bodies alike); after a failure it is unready until a probe write is committed again
/// (a real commit, which a full or read-only disk refuses), so a load
/// balancer stops sending deliveries that could only be answered 503, and sends them again once writes work.
/// </summary>
public sealed class OutboxCommitHealthCheck(OutboxStore store, IOptions<IngressOptions> options) : IHealthCheck
{
    public const string Name = "outbox-commit";

    private volatile string? lastFailure;

    public void ReportCommitted() => lastFailure = null;

    public void ReportFailed(string why) => lastFailure = why;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lastFailure is null)
        {
            return HealthCheckResult.Healthy("the outbox commits");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CommitTimeout);
        try
        {
            // Run aside: Microsoft.Data.Sqlite waits out a locked file inline, which must not hold the check past its bound.
            await Task.Run(() => store.ProbeWriteAsync(timeout.Token), timeout.Token).WaitAsync(timeout.Token);
            ReportCommitted();
            return HealthCheckResult.Healthy("the outbox commits again");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the outbox cannot commit: {lastFailure}", exception);
        }
    }
}
