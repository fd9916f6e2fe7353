using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Operations;

/// <summary>The services' HTTP APIs as jaas-ops calls them, with the admin key in <c>X-Api-Key</c>.</summary>
public sealed class PipelineApi(HttpClient http, Uri ingress, Uri service, string apiKey)
{
    private const string KeyHeader = "X-Api-Key";

    /// <summary>Every page of <c>GET /api/deliveries</c> for the query: the accepted deliveries, oldest page last.</summary>
    public async IAsyncEnumerable<JsonNode> AcceptedDeliveriesAsync(
        DateTimeOffset from, DateTimeOffset to, string? sessionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var query = $"outcome=accepted&pageSize=500&from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}";
            if (sessionId is not null)
            {
                query += "&sessionId=" + Uri.EscapeDataString(sessionId);
            }

            if (next is not null)
            {
                query += "&next=" + Uri.EscapeDataString(next);
            }

            var page = await SendAsync(HttpMethod.Get, new Uri(ingress, "/api/deliveries?" + query), null, "delivery log", cancellationToken);
            foreach (var delivery in page["deliveries"]!.AsArray())
            {
                yield return delivery!;
            }

            next = (string?)page["next"];
        }
        while (next is not null);
    }

    public Task<JsonNode> ReplayAsync(DateTimeOffset from, DateTimeOffset to, string? sessionId, string? eventType, string? queue, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(ingress, "/api/replay"), new { from = Iso(from), to = Iso(to), sessionId, eventType, queue }, "replay", cancellationToken);

    public Task<JsonNode> ErrorQueuesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, new Uri(service, "/api/error-queues"), null, "error-queue list", cancellationToken);

    public Task<JsonNode> MoveErrorQueueAsync(string queue, int? max, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(service, $"/api/error-queues/{Uri.EscapeDataString(queue)}/move" + (max is { } m ? $"?max={m}" : "")), null,
            "error-queue move", cancellationToken);

    public Task<JsonNode> ClearMeetingAsync(string consumer, string sessionId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/meetings/{Uri.EscapeDataString(sessionId)}/clear"),
            new { idempotencyKeys }, $"clearing meeting {sessionId}", cancellationToken);

    /// <summary><c>POST /api/replay</c> with <c>dryRun</c>: checks the replay API (on, the key, the queue) and counts, scheduling nothing.</summary>
    public Task<JsonNode> ReplayDryRunAsync(DateTimeOffset from, DateTimeOffset to, string? sessionId, string? eventType, string? queue, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(ingress, "/api/replay"), new { from = Iso(from), to = Iso(to), sessionId, eventType, queue, dryRun = true },
            "replay check", cancellationToken);

    /// <summary>The clear with <c>?dryRun=true</c>: what it would delete, under the same refusal rules; nothing changes.</summary>
    public Task<JsonNode> ClearMeetingDryRunAsync(string consumer, string sessionId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post,
            new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/meetings/{Uri.EscapeDataString(sessionId)}/clear?dryRun=true"),
            new { idempotencyKeys }, $"checking meeting {sessionId}", cancellationToken);

    /// <summary>Every page of <c>GET /api/reprocess/{consumer}/pending</c>: meetings cleared whose replay is still owed.</summary>
    public async IAsyncEnumerable<JsonNode> PendingMeetingsAsync(string consumer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var query = "limit=500" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next));
            var page = await SendAsync(HttpMethod.Get, new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/pending?{query}"), null,
                $"{consumer}'s reprocess API", cancellationToken);
            foreach (var meeting in page["items"]!.AsArray())
            {
                yield return meeting!;
            }

            next = (string?)page["next"];
        }
        while (next is not null);
    }

    /// <summary>Tells the service the meeting's replay is scheduled: its pending marker goes.</summary>
    public Task<JsonNode> MarkReplayedAsync(string consumer, string sessionId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/meetings/{Uri.EscapeDataString(sessionId)}/replayed"),
            null, $"marking meeting {sessionId} replayed", cancellationToken);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonNode> SendAsync(HttpMethod method, Uri uri, object? body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Add(KeyHeader, apiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new OpsFailure($"{what}: {uri.GetLeftPart(UriPartial.Authority)} did not answer ({e.Message})");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new OpsFailure($"{what} refused: {(int)response.StatusCode} {Problem(text)}{Hint(response.StatusCode, text)}");
            }

            try
            {
                return JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException)
            {
                throw new OpsFailure($"{what}: {uri} answered {(int)response.StatusCode} with something other than JSON");
            }
        }
    }

    // What a bare 401 or 404 most likely means for an admin API, said for the operator who meets it first.
    private static string Hint(HttpStatusCode status, string text) => status switch
    {
        HttpStatusCode.NotFound when !text.Contains("\"detail\"", StringComparison.Ordinal) =>
            " (no such route there: is the URL a JaasPipeline service of the right kind, and does it have Api:Keys? Its admin APIs are off without keys)",
        HttpStatusCode.Unauthorized => " (the key is not one of that service's Api:Keys)",
        _ => "",
    };

    // A problem details body on one line: title, detail, and each field's errors.
    private static string Problem(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                var parts = new List<string>();
                if ((string?)problem["title"] is { } title)
                {
                    parts.Add(title);
                }

                if ((string?)problem["detail"] is { } detail)
                {
                    parts.Add(detail);
                }

                if (problem["errors"] is JsonObject errors)
                {
                    parts.AddRange(errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value!.AsArray().Select(m => (string?)m))}"));
                }

                return string.Join(" — ", parts);
            }
        }
        catch (JsonException)
        {
            // Not problem details: shown as it came, below.
        }

        return text.ReplaceLineEndings(" ");
    }
}
