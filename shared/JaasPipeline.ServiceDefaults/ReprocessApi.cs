using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.ServiceDefaults;

/// <summary>A consumer service's side of reprocessing: clears one meeting's effects and inbox rows (see <see cref="MeetingClearing"/>).</summary>
public interface IMeetingClearing
{
    /// <summary>Clears the meeting in one transaction, or refuses and changes nothing.</summary>
    Task<MeetingCleared> ClearMeetingAsync(string sessionId, IReadOnlyCollection<string> idempotencyKeys, CancellationToken cancellationToken);
}

/// <summary>
/// <c>POST /api/reprocess/{service}/meetings/{sessionId}/clear</c>: the first step of <c>jaas-ops reprocess</c>. The body
/// lists the idempotency keys of the meeting's accepted deliveries (from the ingress's delivery log); the service
/// deletes the meeting's effects and those messages' inbox rows, then the operator replays the meeting to its queue.
/// It destroys data until the replay is done: an admin key always; off without keys.
/// </summary>
public static partial class ReprocessApi
{
    public const string Route = "/api/reprocess";

    /// <summary>The body: every accepted delivery of the meeting, by idempotency key.</summary>
    public sealed record ClearBody(IReadOnlyList<string>? IdempotencyKeys);

    /// <summary>Maps the clearing endpoint of <paramref name="service"/> (its queue name), served by <typeparamref name="TClearing"/>.</summary>
    public static IEndpointRouteBuilder MapReprocessApi<TClearing>(this IEndpointRouteBuilder app, string service)
        where TClearing : IMeetingClearing
    {
        app.MapPost($"{Route}/{service}/meetings/{{sessionId}}/clear",
                (string sessionId, HttpRequest request, TClearing clearing, ConsumerRoutes routes, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    ClearAsync(service, sessionId, request, clearing, routes, loggers, cancellationToken))
            .RequireAdminKey("reprocess API").WithTags("Reprocess")
            .WithSummary($"Deletes one meeting's {service} effects and the inbox rows of the listed deliveries, in one transaction, before a replay to the {service} queue")
            .Accepts<ClearBody>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ClearAsync(
        string service, string sessionId, HttpRequest request, IMeetingClearing clearing, ConsumerRoutes routes, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
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
                title: "Clearing refused; nothing was deleted");
        }

        var cleared = await clearing.ClearMeetingAsync(sessionId, keys, cancellationToken);
        var logger = loggers.CreateLogger(typeof(ReprocessApi).FullName!);
        if (cleared.Refusal is { } refusal)
        {
            LogRefused(logger, service, sessionId, refusal);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Clearing refused; nothing was deleted", detail: refusal);
        }

        LogCleared(logger, service, sessionId, cleared.EffectRows, cleared.InboxRows);
        return Results.Ok(new { service, sessionId, effectRows = cleared.EffectRows, inboxRows = cleared.InboxRows, eventTypes = ConsumedEventTypes(routes, service) });
    }

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
}
