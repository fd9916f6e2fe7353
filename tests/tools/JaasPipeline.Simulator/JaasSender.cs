using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Operations;
using Polly;
using Polly.Retry;

namespace JaasPipeline.Simulator;

/// <summary>
/// Sends one delivery as JaaS does: signed (<c>X-Jaas-Signature</c> over <c>t.body</c>, t = now) and, with
/// <c>--retry</c>, sent again after a non-2xx answer or no answer, with exponential back-off (JaaS retries failed
/// deliveries; the reference does not say how often: five attempts here). With several webhook URLs (instances behind a
/// load balancer) each request, a retry too, goes to the next one in turn; with a rate, requests are paced to it.
/// </summary>
internal sealed class JaasSender(HttpClient client, IReadOnlyList<Uri> webhooks, string? secret, bool retry, double? rate = null) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly ResiliencePipeline<HttpResponseMessage> pipeline = retry
        ? new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>().Handle<HttpRequestException>().HandleResult(r => !r.IsSuccessStatusCode),
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        }).Build()
        : ResiliencePipeline<HttpResponseMessage>.Empty;

    // Tokens every 10 ms or more (a token bucket needs whole tokens per period); every request waits its turn.
    private readonly RateLimiter? pace = rate is { } perSecond
        ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokensPerPeriod = (int)Math.Ceiling(perSecond / 100),
            TokenLimit = (int)Math.Ceiling(perSecond / 100),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Ceiling(perSecond / 100) / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })
        : null;

    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);
    private long sent;
    private long deliveries;
    private long accepted;
    private long failed;

    public long Sent => Interlocked.Read(ref sent);

    public long Answered2xx => Interlocked.Read(ref accepted);

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>Deliveries finally not answered 2xx, by why: <c>401 Invalid signature</c>, <c>no answer: ConnectionError …</c>.</summary>
    public IReadOnlyDictionary<string, int> Failures => failures;

    /// <summary>One signed POST of <paramref name="body"/>, no retry, to the next webhook URL in turn.</summary>
    public Task<HttpResponseMessage> PostAsync(byte[] body, CancellationToken cancellationToken) => PostAsync(body, target: null, cancellationToken);

    private async Task<HttpResponseMessage> PostAsync(byte[] body, int? target, CancellationToken cancellationToken)
    {
        if (pace is not null)
        {
            using var _ = await pace.AcquireAsync(1, cancellationToken);
        }

        var number = Interlocked.Increment(ref sent);
        target ??= (int)(number % webhooks.Count);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhooks[target.Value]) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (secret is not null)
        {
            request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        }

        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends <paramref name="body"/>; true if it was finally answered 2xx, else counted in <see cref="Failures"/>.</summary>
    public async Task<bool> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        string why;
        try
        {
            // A retry goes to the URL after the previous attempt's, as a load balancer takes a failed instance out of
            // its turn: a delivery's attempts alternate between the instances instead of landing on a dead one by chance.
            var first = (int)(Interlocked.Increment(ref deliveries) % webhooks.Count);
            var attempt = 0;
            using var response = await pipeline.ExecuteAsync(
                async token => await PostAsync(body, (first + attempt++) % webhooks.Count, token), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref accepted);
                return true;
            }

            var title = ProblemLine.Title(await response.Content.ReadAsStringAsync(cancellationToken));
            why = $"{(int)response.StatusCode} {title ?? response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            // The deployment did not answer even after the retries: the socket error says why.
            why = $"no answer: {e.HttpRequestError} ({(e.InnerException ?? e).Message})";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            why = $"no answer within {client.Timeout.TotalSeconds:F0} s";
        }

        failures.AddOrUpdate(why, 1, (_, count) => count + 1);
        Interlocked.Increment(ref failed);
        return false;
    }

    public void Dispose() => pace?.Dispose();
}
