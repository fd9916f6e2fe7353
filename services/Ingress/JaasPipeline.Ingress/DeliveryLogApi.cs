using System.Globalization;
using System.Text;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.Ingress;

/// <summary>
/// <c>GET /api/deliveries</c>: what arrived at the webhook and what became of it, newest first — accepted, repeated
/// (duplicate), repeated with another body (conflict) or refused (rejected, with the reason). Bodies hold personal
/// data: the read-API access rule applies (an API key, or loopback only without keys).
/// </summary>
public static class DeliveryLogApi
{
    public const string Route = "/api/deliveries";
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);
    private static readonly string[] Outcomes = ["accepted", "duplicate", "conflict", "rejected"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapDeliveryLogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, ReadAsync).RequireApiKey().WithTags("Delivery log")
            .WithSummary("What arrived, newest first: filter by sessionId, eventType, outcome, from/to (ISO 8601); page with next")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ReadAsync(HttpRequest request, DeliveryLogStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var errors = new Dictionary<string, string[]>();
        var to = ApiTime.Parse(query["to"], "to", errors) ?? clock.GetUtcNow();
        var from = ApiTime.Parse(query["from"], "from", errors) ?? to - DefaultWindow;
        if (from > to)
        {
            errors["from"] = ["from must not be after to."];
        }

        string? outcome = query["outcome"];
        if (outcome is not null && !Outcomes.Contains(outcome))
        {
            errors["outcome"] = [$"outcome is one of {string.Join(", ", Outcomes)}."];
        }

        var pageSize = DefaultPageSize;
        if (query["pageSize"] is { Count: > 0 } size && (!int.TryParse(size, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"pageSize is a whole number from 1 to {MaxPageSize}."];
        }

        DeliveryLogCursor? before = null;
        if (query["next"] is { Count: > 0 } next && (before = DeliveryLogCursor.TryParse(next)) is null)
        {
            errors["next"] = ["next is the value a previous page returned."];
        }

        var withBody = false;
        if (query["body"] is { Count: > 0 } body && !bool.TryParse(body, out withBody))
        {
            errors["body"] = ["body is true or false."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Delivery log query refused");
        }

        var (entries, nextPage) = await store.ReadPageAsync(
            new DeliveryLogQuery(
                Blank(query["sessionId"]), Blank(query["eventType"]), outcome,
                from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), withBody, pageSize, before),
            cancellationToken);
        return Results.Ok(new { deliveries = entries.Select(Describe), next = nextPage?.ToString() });
    }

    private static object Describe(DeliveryLogEntry entry)
    {
        string? text = null, base64 = null;
        if (entry.Body is { } bytes)
        {
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                // Not text: shown as it is, byte for byte.
                base64 = Convert.ToBase64String(bytes);
            }
        }

        return new
        {
            outcome = entry.Outcome,
            receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(entry.At),
            timesReceived = entry.TimesReceived,
            idempotencyKey = entry.IdempotencyKey,
            eventType = entry.EventType,
            sessionId = entry.SessionId,
            reason = entry.Reason,
            detail = entry.Detail,
            publishedAt = entry.PublishedAt is { } published ? DateTimeOffset.FromUnixTimeMilliseconds(published) : (DateTimeOffset?)null,
            parkedReason = entry.ParkedReason,
            body = text,
            bodyBase64 = base64,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
