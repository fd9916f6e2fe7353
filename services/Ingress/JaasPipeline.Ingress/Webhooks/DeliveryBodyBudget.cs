using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Ingress.Webhooks;

/// <summary>
/// The bytes of delivery bodies the webhook holds at once (<c>Ingress:MaxBodyBytesInFlight</c>). A delivery reserves
/// its Content-Length before its body is read and gives it back once answered, so senders who need no signature to
/// open a connection, however many they open and however they stall, make the ingress hold at most this much.
/// </summary>
public sealed class DeliveryBodyBudget : IDisposable
{
    private readonly ConcurrencyLimiter limiter;
    private readonly IngressMetrics metrics;
    private readonly long maxBodyBytes;

    public DeliveryBodyBudget(IOptions<IngressOptions> options, IngressMetrics metrics)
    {
        var settings = options.Value;
        this.metrics = metrics;
        maxBodyBytes = settings.MaxBodyBytes;
        var budget = checked((int)settings.MaxBodyBytesInFlight);
        // No queue: a waiting delivery would keep its connection open, and Kestrel buffers up to 1 MB
        // (Kestrel:Limits:MaxRequestBufferSize) of each connection's unread body.
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = budget, QueueLimit = 0 });
        metrics.ObserveBodyBytesInFlight(() => budget - (limiter.GetStatistics()?.CurrentAvailablePermits ?? budget));
    }

    /// <summary>
    /// Reserves <paramref name="request"/>'s share: its Content-Length, or <c>MaxBodyBytes</c> for a body without one.
    /// The lease says whether it was granted and gives the share back when disposed.
    /// </summary>
    public RateLimitLease Reserve(HttpRequest request) =>
        limiter.AttemptAcquire((int)Math.Clamp(request.ContentLength ?? maxBodyBytes, 1, maxBodyBytes));

    public void Dispose()
    {
        // A scrape while the host stops must not ask a disposed limiter.
        metrics.ObserveBodyBytesInFlight(() => 0);
        limiter.Dispose();
    }
}
