using System.Globalization;
using System.Text;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.ConsumerApi;

/// <summary>
/// <c>/api/reprocess/{service}</c>, the service's side of <c>jaas-ops reprocess</c>:
/// <list type="bullet">
/// <item><c>POST meetings/{sessionId}/clear</c>: the body lists the idempotency keys of the meeting's accepted deliveries
/// (from the ingress's delivery log); the service deletes the meeting's effects and those messages' inbox rows and marks
/// the meeting pending, in one transaction, then the operator replays the meeting to its queue. With
/// <c>?dryRun=true</c> it answers what it would delete, under the same refusal rules, and changes nothing.</item>
/// <item><c>GET pending</c>: the meetings cleared whose replay was not scheduled (a failed replay, a crashed run).</item>
/// <item><c>POST meetings/{sessionId}/replayed</c>: the replay is scheduled; the marker goes.</item>
/// </list>
/// It destroys data until the replay is done: an admin key always; off without keys.
/// </summary>
public static partial class ReprocessApi
{
    public const string Route = "/api/reprocess";
    private const string Refused = "Clearing refused; nothing was deleted";

    /// <summary>The body: every accepted delivery of the meeting, by idempotency key.</summary>
    public sealed record ClearBody(IReadOnlyList<string>? IdempotencyKeys);

    /// <summary>One meeting cleared whose replay is still owed.</summary>
    public sealed record PendingMeeting(string SessionId, DateTimeOffset ClearedAt, IReadOnlyList<string>? EventTypes);

    /// <summary>Maps the reprocess endpoints of <paramref name="service"/> (its queue name), served by <typeparamref name="TClearing"/>.</summary>
    public static IEndpointRouteBuilder MapReprocessApi<TClearing>(this IEndpointRouteBuilder app, string service)
        where TClearing : IMeetingClearing
    {
        // An interpolated pattern, as before: the route-handler analyzer throws on a literal one with the generic TClearing (dotnet/aspnetcore#56831).
        app.MapPost($"{Route}/{service}/meetings/{{sessionId}}/clear",
                (string sessionId, HttpRequest request, TClearing clearing, ConsumerRoutes routes, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    ClearAsync(service, sessionId, request, clearing, routes, loggers, cancellationToken))
            .WithSummary($"Deletes one meeting's {service} effects and the inbox rows of the listed deliveries, in one transaction, before a replay to the {service} queue (dryRun=true: what it would delete)")
            .Accepts<ClearBody>("application/json")
            .Produces<ReprocessClearAnswer>(StatusCodes.Status200OK, "application/json")
            .RequireAdminKey("reprocess API").WithTags("Reprocess")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        MapPendingRoutes(app.MapGroup($"{Route}/{service}").RequireAdminKey("reprocess API").WithTags("Reprocess"), service);
        return app;
    }

    private static void MapPendingRoutes(RouteGroupBuilder group, string service)
    {
        group.MapGet("/pending",
                (HttpRequest request) => PendingAsync(service, request.HttpContext))
            .WithSummary($"Meetings {service} cleared whose replay was not scheduled yet, newest first: the next jaas-ops reprocess replays them first")
            .Produces<ApiList<PendingMeeting>>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();
        group.MapPost("/meetings/{sessionId}/replayed",
                (string sessionId, HttpContext context) => ReplayedAsync(service, sessionId, context))
            .WithSummary("Says the meeting's replay is scheduled: its pending marker goes")
            .Produces<ReprocessReplayedAnswer>(StatusCodes.Status200OK, "application/json");
    }

    private static async Task<IResult> ClearAsync(
        string service, string sessionId, HttpRequest request, IMeetingClearing clearing, ConsumerRoutes routes, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var dryRun = false;
        if (request.Query["dryRun"] is { Count: > 0 } dryRunText && !bool.TryParse(dryRunText, out dryRun))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["dryRun"] = ["dryRun is true or false."] }, title: Refused);
        }

        ClearBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<ClearBody>(cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.IdempotencyKeys is not { Count: > 0 } keys || keys.Any(string.IsNullOrEmpty))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["idempotencyKeys"] = ["A JSON object with idempotencyKeys: the meeting's accepted deliveries, none empty."] },
                title: Refused);
        }

        var cleared = await clearing.ClearMeetingAsync(sessionId, keys, dryRun, cancellationToken);
        var logger = loggers.CreateLogger(typeof(ReprocessApi).FullName!);
        if (cleared.Refusal is { } refusal)
        {
            if (!dryRun)
            {
                LogRefused(logger, service, sessionId, refusal);
            }

            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: Refused, detail: refusal);
        }

        if (!dryRun)
        {
            LogCleared(logger, service, sessionId, cleared.EffectRows, cleared.InboxRows);
        }

        return Results.Ok(new ReprocessClearAnswer(service, sessionId, dryRun, cleared.EffectRows, cleared.InboxRows, ConsumedEventTypes(routes, service)));
    }

    private static async Task<IResult> PendingAsync(string service, HttpContext context)
    {
        var (request, services, cancellationToken) = (context.Request, context.RequestServices, context.RequestAborted);
        var routes = services.GetRequiredService<ConsumerRoutes>();
        var errors = new Dictionary<string, string[]>();
        var query = ListQuery.Parse(request.Query, errors);
        (long ClearedAt, string SessionId)? after = null;
        if (query.Cursor is { } cursor)
        {
            after = ReadCursor(cursor);
            if (after is null)
            {
                ListQuery.RefuseCursor(errors);
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        // A service without a database of its own here (media-artifacts, whose clearing always refuses) owes no replay.
        if (services.GetKeyedService<Database>(service) is not { } database)
        {
            return Results.Json(new ApiList<PendingMeeting>([], null), ApiJson.Options);
        }

        var page = await new ReprocessPendingStore(database).PageAsync(query.Limit + 1, after?.ClearedAt, after?.SessionId, cancellationToken);
        var eventTypes = ConsumedEventTypes(routes, service);
        var items = page.Take(query.Limit).Select(pending => new PendingMeeting(pending.SessionId, pending.ClearedAt, eventTypes)).ToList();
        var next = page.Count > query.Limit ? WriteCursor(page[query.Limit - 1]) : null;
        return Results.Json(new ApiList<PendingMeeting>(items, next), ApiJson.Options);
    }

    private static async Task<IResult> ReplayedAsync(string service, string sessionId, HttpContext context)
    {
        var (services, cancellationToken) = (context.RequestServices, context.RequestAborted);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var wasPending = services.GetKeyedService<Database>(service) is { } database
            && await new ReprocessPendingStore(database).RemoveAsync(sessionId, cancellationToken);
        if (wasPending)
        {
            LogReplayed(loggers.CreateLogger(typeof(ReprocessApi).FullName!), service, sessionId);
        }

        return Results.Ok(new ReprocessReplayedAnswer(service, sessionId, wasPending));
    }

    // Opaque to callers (ApiCursor, as every list): the last item's clearing time and meeting.
    private static string WriteCursor(ReprocessPending last) =>
        ApiCursor.Encode(last.ClearedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), last.SessionId);

    private static (long ClearedAt, string SessionId)? ReadCursor(string cursor) =>
        ApiCursor.TryDecode(cursor, 2) is [var clearedAt, var sessionId] && ApiCursor.Number(clearedAt) is { } at ? (at, sessionId) : null;

    // What the replay should send to the queue: only the eventTypes its consumers take, so the rest does not pile up in
    // <queue>_skipped. Null (send everything) when a consumer takes unknown eventTypes too (the analytics journal).
    private static IReadOnlyList<string>? ConsumedEventTypes(ConsumerRoutes routes, string queue) =>
        routes.QueuesFor(typeof(UnknownJaasEvent)).Contains(queue)
            ? null
            : [.. JaasEventTypes.RecordTypes.Where(type => routes.QueuesFor(type.Value).Contains(queue)).Select(type => type.Key).Order(StringComparer.Ordinal)];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reprocess: {Service} cleared meeting {SessionId}: {EffectRows} effect rows and {InboxRows} inbox rows deleted; its replay follows")]
    private static partial void LogCleared(ILogger logger, string service, string sessionId, int effectRows, int inboxRows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reprocess: {Service} refused to clear meeting {SessionId}: {Refusal}")]
    private static partial void LogRefused(ILogger logger, string service, string sessionId, string refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reprocess: {Service} meeting {SessionId} replay scheduled; no longer pending")]
    private static partial void LogReplayed(ILogger logger, string service, string sessionId);
}
