using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Operations;

/// <summary>
/// The services' HTTP APIs as jaas-ops calls them, each with its service's key in <c>X-Api-Key</c>
/// (<see cref="ServiceKeys"/>). A refusal, a connection that fails or an answer that never comes is one
/// <see cref="OpsFailure"/> line naming the service, the URL, the status and the problem.
/// </summary>
public sealed class PipelineApi
{
    private const string KeyHeader = "X-Api-Key";
    private readonly HttpClient http;
    private readonly Uri ingress;
    private readonly Uri service;
    private readonly ServiceKeys keys;
    private string? serviceName;

    public PipelineApi(HttpClient http, Uri ingress, Uri service, ServiceKeys keys)
    {
        this.http = http;
        this.ingress = ingress;
        this.service = service;
        this.keys = keys;
    }

    /// <summary>One key for every service.</summary>
    public PipelineApi(HttpClient http, Uri ingress, Uri service, string apiKey)
        : this(http, ingress, service, ServiceKeys.TryRead(apiKey, [], out var keys, out _, _ => null) ? keys : ServiceKeys.None)
    {
    }

    /// <summary>Every page of <c>GET /api/deliveries</c> for the query: the accepted deliveries, oldest page last.</summary>
    public async IAsyncEnumerable<JsonNode> AcceptedDeliveriesAsync(
        DateTimeOffset from, DateTimeOffset to, string? sessionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var query = $"outcome=accepted&limit=500&from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}";
            if (sessionId is not null)
            {
                query += "&sessionId=" + Uri.EscapeDataString(sessionId);
            }

            if (next is not null)
            {
                query += "&cursor=" + Uri.EscapeDataString(next);
            }

            var page = await SendAsync(ServiceKeys.Ingress, HttpMethod.Get, new Uri(ingress, "/api/deliveries?" + query), null, "delivery log", cancellationToken);
            foreach (var delivery in page["items"]!.AsArray())
            {
                yield return delivery!;
            }

            next = (string?)page["next"];
        }
        while (next is not null);
    }

    public Task<JsonNode> ReplayAsync(DateTimeOffset from, DateTimeOffset to, string? sessionId, string? eventType, string? queue, CancellationToken cancellationToken) =>
        SendAsync(ServiceKeys.Ingress, HttpMethod.Post, new Uri(ingress, "/api/replay"), new { from = Iso(from), to = Iso(to), sessionId, eventType, queue }, "replay", cancellationToken);

    public async Task<JsonNode> ErrorQueuesAsync(CancellationToken cancellationToken) =>
        await SendAsync(await ServiceNameAsync(cancellationToken), HttpMethod.Get, new Uri(service, "/api/error-queues"), null, "error-queue list", cancellationToken);

    public async Task<JsonNode> MoveErrorQueueAsync(string queue, int? max, CancellationToken cancellationToken) =>
        await SendAsync(await ServiceNameAsync(cancellationToken), HttpMethod.Post,
            new Uri(service, $"/api/error-queues/{Uri.EscapeDataString(queue)}/move" + (max is { } m ? $"?max={m}" : "")), null, "error-queue move", cancellationToken);

    public async Task<JsonNode> ClearMeetingAsync(string consumer, string sessionId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken) =>
        await SendAsync(await ServiceNameAsync(cancellationToken), HttpMethod.Post,
            new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/meetings/{Uri.EscapeDataString(sessionId)}/clear"),
            new { idempotencyKeys }, $"clearing meeting {sessionId}", cancellationToken);

    /// <summary>
    /// Which service answers at <c>--service-url</c>, as its <c>GET /</c> says (<c>attendance</c>, <c>standalone</c> …): its
    /// key is the one sent there. Asked once, and only when some service has a key of its own; otherwise every service gets
    /// the operator key and the name does not matter.
    /// </summary>
    private async Task<string> ServiceNameAsync(CancellationToken cancellationToken)
    {
        if (!keys.HasServiceKeys)
        {
            return "the service";
        }

        if (serviceName is null)
        {
            var index = await SendAsync(null, HttpMethod.Get, new Uri(service, "/"), null, "service name (GET /)", cancellationToken);
            serviceName = (string?)index["service"] ?? "the service";
        }

        return serviceName;
    }

    /// <summary><c>POST /api/replay</c> with <c>dryRun</c>: checks the replay API (on, the key, the queue) and counts, scheduling nothing.</summary>
    public Task<JsonNode> ReplayDryRunAsync(DateTimeOffset from, DateTimeOffset to, string? sessionId, string? eventType, string? queue, CancellationToken cancellationToken) =>
        SendAsync(ServiceKeys.Ingress, HttpMethod.Post, new Uri(ingress, "/api/replay"), new { from = Iso(from), to = Iso(to), sessionId, eventType, queue, dryRun = true },
            "replay check", cancellationToken);

    /// <summary>The clear with <c>?dryRun=true</c>: what it would delete, under the same refusal rules; nothing changes.</summary>
    public async Task<JsonNode> ClearMeetingDryRunAsync(string consumer, string sessionId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken) =>
        await SendAsync(await ServiceNameAsync(cancellationToken), HttpMethod.Post,
            new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/meetings/{Uri.EscapeDataString(sessionId)}/clear?dryRun=true"),
            new { idempotencyKeys }, $"checking meeting {sessionId}", cancellationToken);

    /// <summary>Every page of <c>GET /api/reprocess/{consumer}/pending</c>: meetings cleared whose replay is still owed.</summary>
    public async IAsyncEnumerable<JsonNode> PendingMeetingsAsync(string consumer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var query = "limit=500" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next));
            var page = await SendAsync(await ServiceNameAsync(cancellationToken), HttpMethod.Get, new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/pending?{query}"), null,
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
    public async Task<JsonNode> MarkReplayedAsync(string consumer, string sessionId, CancellationToken cancellationToken) =>
        await SendAsync(await ServiceNameAsync(cancellationToken), HttpMethod.Post, new Uri(service, $"/api/reprocess/{Uri.EscapeDataString(consumer)}/meetings/{Uri.EscapeDataString(sessionId)}/replayed"),
            null, $"marking meeting {sessionId} replayed", cancellationToken);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // keyOf: the service whose key is sent (null: none, for GET /).
    private async Task<JsonNode> SendAsync(string? keyOf, HttpMethod method, Uri uri, object? body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (keyOf is not null)
        {
            request.Headers.Add(KeyHeader, keys.For(keyOf) ?? throw new OpsFailure(ServiceKeys.Missing(keyOf), OpsCommandLine.BadInput));
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var where = $"{keyOf ?? "the service"} at {Shown(uri)}";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // The socket error (connection refused, name not resolved …), without the exception's stack.
            throw new OpsFailure($"{what}: {where} did not answer: {e.HttpRequestError} ({(e.InnerException ?? e).Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpsFailure($"{what}: {where} did not answer within {http.Timeout.TotalSeconds:F0} s");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new OpsFailure($"{what} refused: {where} answered {(int)response.StatusCode} {ProblemLine.Of(text)}{Hint(response.StatusCode, text, keyOf)}");
            }

            try
            {
                return JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException)
            {
                throw new OpsFailure($"{what}: {where} answered {(int)response.StatusCode} with something other than JSON");
            }
        }
    }

    // Scheme, host, port and path: no user info, no query.
    private static string Shown(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    // What a bare 404 or a 401/403 most likely means, said for the operator who meets it first, naming where the key
    // came from (never the key).
    private string Hint(HttpStatusCode status, string text, string? keyOf) => status switch
    {
        HttpStatusCode.NotFound when !text.Contains("\"detail\"", StringComparison.Ordinal) =>
            " (no such route there: is the URL a JaasPipeline service of the right kind, and does it have an operator key (Api:Keys)? Its admin APIs are off without one)",
        HttpStatusCode.Unauthorized when keyOf is not null =>
            $" (the key from {keys.SourceOf(keyOf)} is not one of {keyOf}'s Api:Keys or Api:ReadKeys: give its key with " +
            (ServiceKeys.Services.Contains(keyOf) ? $"--api-key-for {keyOf}=<key> or --api-key)" : "--api-key)"),
        HttpStatusCode.Forbidden when keyOf is not null =>
            $" (the key from {keys.SourceOf(keyOf)} may not do this: an admin API needs an operator key, one of {keyOf}'s Api:Keys)",
        _ => "",
    };
}
