using System.Net.Http.Headers;
using JaasPipeline.Ingress;
using Polly;
using Polly.Retry;

namespace JaasPipeline.Simulator;

/// <summary>
/// Sends one delivery as JaaS does: signed (<c>X-Jaas-Signature</c> over <c>t.body</c>, t = now) and, with
/// <c>--retry</c>, sent again after a non-2xx answer or no answer, with exponential back-off (JaaS retries failed
/// deliveries; the reference does not say how often: five attempts here).
/// </summary>
internal sealed class JaasSender(HttpClient client, Uri webhook, string? secret, bool retry)
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

    private long sent;
    private long accepted;
    private long failed;

    public long Sent => Interlocked.Read(ref sent);

    public long Answered2xx => Interlocked.Read(ref accepted);

    public long Failed => Interlocked.Read(ref failed);

    /// <summary>One signed POST of <paramref name="body"/>, no retry.</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref sent);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (secret is not null)
        {
            request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        }

        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends <paramref name="body"/>; true if it was finally answered 2xx.</summary>
    public async Task<bool> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await pipeline.ExecuteAsync(async token => await PostAsync(body, token), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref accepted);
                return true;
            }
        }
        catch (HttpRequestException)
        {
            // Counted below: the deployment did not answer even after the retries.
        }

        Interlocked.Increment(ref failed);
        return false;
    }
}
