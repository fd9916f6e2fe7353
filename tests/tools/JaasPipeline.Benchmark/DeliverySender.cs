using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Operations;
using JaasPipeline.Traffic;

namespace JaasPipeline.Benchmark;

/// <summary>
/// POSTs one delivery to the webhook, signed as JaaS signs it (X-Jaas-Signature over <c>t.body</c>, t = now), and
/// checks that the answer is 200 with outcome <c>accepted</c> (the ingress answers only after its outbox commit).
/// </summary>
internal sealed class DeliverySender(HttpClient client, Uri webhook, string? secret, LoadClock clock, DeliveryLog log)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <param name="delivery">What to send.</param>
    /// <param name="intended">When it was meant to be sent (Stopwatch timestamp); latency counts from here.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task SendAsync(Delivery delivery, long intended, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = Json;
        if (secret is not null)
        {
            request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), delivery.Body));
        }

        log.Sending(delivery, LoadClock.Now);
        string failure;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var answer = response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadFromJsonAsync<WebhookAnswer>(cancellationToken)
                : null;
            var answeredAt = LoadClock.Now;
            log.WebhookLatencies.Record(System.Diagnostics.Stopwatch.GetElapsedTime(intended, answeredAt));
            if (answer?.Outcome == "accepted")
            {
                log.AcceptedAt(new SentDelivery(delivery.IdempotencyKey, delivery.EventType, clock.UnixMilliseconds(intended)), answeredAt);
                return;
            }

            failure = response.StatusCode == HttpStatusCode.OK
                ? $"200 with outcome {answer?.Outcome ?? "(none)"}"
                : $"HTTP {(int)response.StatusCode} {ProblemLine.Title(await response.Content.ReadAsStringAsync(cancellationToken)) ?? response.ReasonPhrase} for {delivery.EventType}";
        }
        catch (HttpRequestException exception)
        {
            failure = $"no answer ({exception.HttpRequestError})";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "no answer (timeout)";
        }

        log.Failed(failure, LoadClock.Now);
    }

    private sealed record WebhookAnswer(string? Outcome, string? IdempotencyKey);
}
