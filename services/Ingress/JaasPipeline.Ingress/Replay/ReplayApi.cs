using System.Globalization;
using System.Text.Json;
using JaasPipeline.Data;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Replay;

/// <summary>
/// <c>POST /api/replay</c>: sends accepted deliveries from the outbox once more — to every consumer, or to one
/// consumer's queue — chosen by time range, meeting or event type. Safe because every message keeps its MessageId
/// and each consumer's inbox drops what it already handled; what it missed (a queue created later, a message lost
/// to a mistake, an inbox cleared for reprocessing) it now gets. An API key always; off without keys. With
/// <c>"dryRun": true</c> it checks the same request under the same rules and answers how many deliveries it would
/// schedule, scheduling none: how <c>jaas-ops reprocess</c> learns that the replay API is on, takes its key and knows
/// the queue before it clears anything.
/// </summary>
public static partial class ReplayApi
{
    public const string Route = "/api/replay";

    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ReplayAsync).RequireAdminKey("replay API").WithTags("Replay")
            .WithSummary("Schedules accepted deliveries in [from, to] (optionally of one sessionId / eventType) to be sent again, to every consumer or to one queue")
            .Accepts<ReplayBody>("application/json")
            .Produces<ReplayScheduled>(StatusCodes.Status202Accepted, "application/json")
            .Produces<ReplayDryRunAnswer>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>The request: <c>from</c> and <c>to</c> (ISO 8601) are required; the rest narrow it down; <c>dryRun</c> schedules nothing.</summary>
    public sealed record ReplayBody(string? From, string? To, string? SessionId, string? EventType, string? Queue, bool? DryRun = null);

    private static async Task<IResult> ReplayAsync(
        HttpRequest request, OutboxStore store, ServiceQueueDirectory queues, [FromKeyedServices(IngressExtensions.ServiceName)] Doorbell doorbell, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ReplayBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<ReplayBody>(cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }

        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON object with from and to (ISO 8601) is required."] });
        }

        var from = ApiTime.Parse(body.From, "from", errors);
        var to = ApiTime.Parse(body.To, "to", errors);
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is null && !errors.ContainsKey(name))
            {
                errors[name] = ["is required: an ISO-8601 time, e.g. 2026-11-23T10:00:00Z"];
            }
        }

        if (from > to)
        {
            errors["from"] = ["from must not be after to."];
        }

        var queue = string.IsNullOrEmpty(body.Queue) ? null : body.Queue;
        if (errors.Count == 0 && queue is not null && !await queues.ExistsAsync(queue, cancellationToken))
        {
            errors["queue"] = [$"No queue '{queue}' exists on the bus; leave queue out to replay to every consumer."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Replay refused; nothing was scheduled");
        }

        var replay = new ReplayRequest(
            from!.Value.ToUnixTimeMilliseconds(), to!.Value.ToUnixTimeMilliseconds(),
            string.IsNullOrEmpty(body.SessionId) ? null : body.SessionId, string.IsNullOrEmpty(body.EventType) ? null : body.EventType, queue);
        if (body.DryRun is true)
        {
            return Results.Ok(new ReplayDryRunAnswer(true, await store.CountReplayAsync(replay, cancellationToken), queue));
        }

        var scheduled = await store.ScheduleReplayAsync(replay, cancellationToken);
        doorbell.Ring();
        LogScheduled(loggers.CreateLogger(typeof(ReplayApi).FullName!), scheduled, queue ?? "every consumer", body.From!, body.To!);
        return Results.Accepted(value: new ReplayScheduled(scheduled, queue));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay of {Scheduled} accepted deliveries to {Queue} scheduled (received {From} to {To})")]
    private static partial void LogScheduled(ILogger logger, int scheduled, string queue, string from, string to);
}
