using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>
/// Sends deliveries to the webhook from <c>concurrency</c> worker tasks that pull the next delivery number from one
/// shared counter, times each request, and checks that every answer is 200 with outcome <c>accepted</c>.
/// </summary>
internal sealed class DeliveryLoad(HttpClient client, Uri webhook, string? secret, TimeProvider clock)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<LoadResult> SendAsync(int deliveries, int concurrency, LatencyRecorder latencies, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        long next = -1;
        var firstSend = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var lastAccept = 0L;
            while (Interlocked.Increment(ref next) is var sequence && sequence < deliveries)
            {
                if (await SendOneAsync(sequence, latencies, tally, cancellationToken) is { } acceptedAt)
                {
                    lastAccept = acceptedAt;
                }
            }

            return lastAccept;
        }, cancellationToken));
        var lastAccepts = await Task.WhenAll(workers);
        return new LoadResult(
            tally.Accepted, firstSend, Stopwatch.GetTimestamp(), lastAccepts.Max(), tally.Failures.ToDictionary());
    }

    /// <summary>Sends one delivery; returns the timestamp its acceptance arrived, or null if it was not accepted.</summary>
    private async Task<long?> SendOneAsync(long sequence, LatencyRecorder latencies, Tally tally, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = ParticipantJoinedBody.Create(sequence, now);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (secret is not null)
        {
            request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(secret, now.ToUnixTimeSeconds(), body));
        }

        var started = Stopwatch.GetTimestamp();
        string failure;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var answer = response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadFromJsonAsync<WebhookAnswer>(cancellationToken)
                : null;
            var finished = Stopwatch.GetTimestamp();
            latencies.Record(finished - started);
            if (answer?.Outcome == "accepted")
            {
                Interlocked.Increment(ref tally.Accepted);
                return finished;
            }

            failure = response.StatusCode == HttpStatusCode.OK ? $"200 with outcome {answer?.Outcome ?? "(none)"}" : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            failure = $"no answer ({exception.HttpRequestError})";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "no answer (timeout)";
        }

        tally.Failures.AddOrUpdate(failure, 1, (_, count) => count + 1);
        return null;
    }

    private sealed class Tally
    {
        public int Accepted;

        public ConcurrentDictionary<string, int> Failures { get; } = new();
    }

    private sealed record WebhookAnswer(string? Outcome, string? IdempotencyKey);
}
