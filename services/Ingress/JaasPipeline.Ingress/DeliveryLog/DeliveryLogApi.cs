using System.Text;
using System.Text.Json;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace JaasPipeline.Ingress.DeliveryLog;

/// <summary>
/// <c>GET /api/deliveries</c>: what arrived at the webhook and what became of it, newest first — accepted, repeated
/// (duplicate), repeated with another body (conflict) or refused (rejected, with the reason). Bodies hold personal
/// data: the read-API access rule applies (an API key, or loopback only without keys).
/// </summary>
public static class DeliveryLogApi
{
    public const string Route = "/api/deliveries";
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);
    private static readonly string[] Outcomes = ["accepted", "duplicate", "conflict", "rejected"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapDeliveryLogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, ReadAsync).RequireApiKey().WithTags("Delivery log")
            .WithSummary("What arrived at the webhook and what became of it, newest first")
            .WithDescription("Filter by sessionId, eventType, outcome and a window of receipt time (from/to; the last 24 h before to by default); page with limit and cursor.")
            .WithQueryParameters(
            [
                QueryParameter.Time("from", "Received at or after this instant (default: 24 h before to)."),
                QueryParameter.Time("to", "Received at or before this instant (default: now)."),
                new("sessionId", "Only deliveries of this meeting."),
                new("eventType", "Only deliveries of this JaaS event type (PARTICIPANT_JOINED, …)."),
                new("outcome", "Only deliveries with this outcome.") { OneOf = Outcomes },
                new("body", "Include each delivery's body (false by default).", JsonSchemaType.Boolean),
                .. QueryParameter.Paging,
            ])
            .Produces<ApiList<DeliveryLogItem>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> ReadAsync(HttpRequest request, DeliveryLogStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var errors = new Dictionary<string, string[]>();
        var to = ApiTime.Parse(query["to"], "to", errors) ?? clock.GetUtcNow();
        // Clamped: a window reaching before year 1 starts at year 1 (to − 24 h would not exist).
        var from = ApiTime.Parse(query["from"], "from", errors)
            ?? (to - DateTimeOffset.MinValue > DefaultWindow ? to - DefaultWindow : DateTimeOffset.MinValue);
        if (from > to)
        {
            errors["from"] = ["from must not be after to."];
        }

        string? outcome = query["outcome"];
        if (outcome is not null && !Outcomes.Contains(outcome))
        {
            errors["outcome"] = [$"outcome is one of {string.Join(", ", Outcomes)}."];
        }

        var page = ListQuery.Parse(query, errors);
        DeliveryLogCursor? before = null;
        if (page.Cursor is { } cursor && (before = DeliveryLogCursor.TryParse(cursor)) is null)
        {
            ListQuery.RefuseCursor(errors);
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
                from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), withBody, page.Limit, before),
            cancellationToken);
        return Results.Ok(new ApiList<DeliveryLogItem>(entries.Select(Describe).ToList(), nextPage?.ToString()));
    }

    private static DeliveryLogItem Describe(DeliveryLogEntry entry)
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

        return new DeliveryLogItem(
            entry.Outcome,
            DateTimeOffset.FromUnixTimeMilliseconds(entry.At),
            entry.TimesReceived,
            entry.IdempotencyKey,
            entry.EventType,
            entry.SessionId,
            entry.Reason,
            DetailOf(entry.Detail),
            entry.PublishedAt is { } published ? DateTimeOffset.FromUnixTimeMilliseconds(published) : null,
            entry.ParkedReason,
            text,
            base64);
    }

    /// <summary>
    /// The stored detail is the validation errors of a rejected body, by field, as JSON text (WebhookApi): answered as
    /// the object it is. Text of another shape is kept whole under an empty field name rather than dropped.
    /// </summary>
    private static IReadOnlyDictionary<string, string[]>? DetailOf(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string[]>>(stored) ?? new Dictionary<string, string[]> { [""] = [stored] };
        }
        catch (JsonException)
        {
            return new Dictionary<string, string[]> { [""] = [stored] };
        }
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
