using System.Globalization;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.ConsumerApi;

/// <summary>
/// <c>/api/error-queues</c> on every host that consumes messages: how many messages failed every retry in each of its
/// service queues, and moving them back once the cause is fixed. On RabbitMQ they wait in <c>&lt;queue&gt;_error</c>
/// (<see cref="ErrorQueues"/>); on the embedded default's in-memory bus, whose queues die with the process, in the
/// service's <c>faulted_messages</c> table (<see cref="FaultedMessages"/>); the same routes and answers for both. An API
/// key always (it changes what the service does); off without keys.
/// </summary>
public static class ErrorQueueApi
{
    public const string Route = "/api/error-queues";
    private const int DefaultMaxMoved = 1_000;

    /// <summary>
    /// One service queue's error queue: <paramref name="ErrorQueue"/> is <c>&lt;queue&gt;_error</c> on RabbitMQ,
    /// <c>faulted_messages</c> on the in-memory bus. On RabbitMQ also the service queue itself: <paramref name="QueueReady"/>
    /// messages waiting for a consumer and <paramref name="QueueConsumers"/> attached (every host's); null on the
    /// in-memory bus, whose queue is inside the process.
    /// </summary>
    public sealed record ErrorQueueDepth(string Queue, string ErrorQueue, long Messages, long? QueueReady = null, long? QueueConsumers = null);

    /// <summary>What a move did: how many went back to the queue, how many still wait.</summary>
    public sealed record ErrorQueueMove(string Queue, string ErrorQueue, int Moved, long Left);

    /// <summary>One faulted message on the in-memory bus; <see cref="RedrivenAt"/> is set while a move's copy is on its way.</summary>
    public sealed record FaultedMessageItem(
        long Id, string Queue, string Consumer, string MessageId, string MessageType, long? OutboxId, string Exception, DateTimeOffset FaultedAt,
        DateTimeOffset? RedrivenAt);

    public static IEndpointRouteBuilder MapErrorQueueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).RequireAdminKey("error-queue API").WithTags("Error queues");
        if (app.ServiceProvider.GetService<ErrorQueues>() is not null)
        {
            group.MapGet("/", ListRabbitMqAsync)
                .WithSummary("Messages waiting in each of this host's error queues, read now")
                .Produces<ApiList<ErrorQueueDepth>>(StatusCodes.Status200OK, "application/json");
            group.MapPost("/{queue}/move", MoveRabbitMqAsync)
                .WithSummary("Moves up to max (default 1,000) messages from <queue>_error back to <queue>; answers how many moved and how many are left")
                .Produces<ErrorQueueMove>(StatusCodes.Status200OK, "application/json")
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
            return app;
        }

        if (app.ServiceProvider.GetService<FaultedMessages>() is not null)
        {
            group.MapGet("/", ListFaultedAsync)
                .WithSummary("Faulted messages waiting in each of this host's queues (faulted_messages on the in-memory bus), read now")
                .Produces<ApiList<ErrorQueueDepth>>(StatusCodes.Status200OK, "application/json");
            group.MapGet("/{queue}/messages", FaultedPageAsync)
                .WithSummary("The faulted messages of one queue, newest first, with the exception each failed with")
                .Produces<ApiList<FaultedMessageItem>>(StatusCodes.Status200OK, "application/json")
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
            group.MapPost("/{queue}/move", MoveFaultedAsync)
                .WithSummary("Sends up to max (default 1,000) faulted messages of <queue> again from the ingress's outbox; answers how many moved and how many are left")
                .Produces<ErrorQueueMove>(StatusCodes.Status200OK, "application/json")
                .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        }

        return app;
    }

    private static async Task<IResult> ListRabbitMqAsync(ErrorQueues queues, CancellationToken cancellationToken)
    {
        var depths = await queues.ReadAsync(cancellationToken);
        return List(depths, queue => queues.LastQueueStates.TryGetValue(queue, out var state)
            ? new ErrorQueueDepth(queue, ErrorQueueDeclaration.ErrorQueueOf(queue), depths[queue], state.Ready, state.Consumers)
            : new ErrorQueueDepth(queue, ErrorQueueDeclaration.ErrorQueueOf(queue), depths[queue]));
    }

    private static Task<IResult> MoveRabbitMqAsync(string queue, string? max, ErrorQueues queues, CancellationToken cancellationToken) =>
        MoveAsync(queue, max, queues.Queues, ErrorQueueDeclaration.ErrorQueueOf, queues.MoveBackAsync, () => queues.LastRead, cancellationToken);

    private static async Task<IResult> ListFaultedAsync(FaultedMessages faulted, CancellationToken cancellationToken)
    {
        var depths = await faulted.ReadAsync(cancellationToken);
        return List(depths, queue => new ErrorQueueDepth(queue, FaultedMessages.TableName, depths[queue]));
    }

    private static Task<IResult> MoveFaultedAsync(string queue, string? max, FaultedMessages faulted, CancellationToken cancellationToken) =>
        MoveAsync(queue, max, faulted.Queues, _ => FaultedMessages.TableName, faulted.MoveBackAsync, () => faulted.LastRead, cancellationToken);

    // One page: a host consumes a handful of queues.
    private static IResult List(IReadOnlyDictionary<string, long> depths, Func<string, ErrorQueueDepth> item) =>
        Results.Json(new ApiList<ErrorQueueDepth>([.. depths.Keys.Order(StringComparer.Ordinal).Select(item)], null), ApiJson.Options);

    private static async Task<IResult> MoveAsync(
        string queue, string? max, IReadOnlySet<string> queues, Func<string, string> errorQueueOf, Func<string, int, CancellationToken, Task<int>> moveBack,
        Func<IReadOnlyDictionary<string, long>> lastRead, CancellationToken cancellationToken)
    {
        if (NoSuchQueue(queue, queues) is { } notFound)
        {
            return notFound;
        }

        var limit = DefaultMaxMoved;
        if (max is not null && (!int.TryParse(max, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1_000_000))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["max"] = ["max is a whole number from 1 to 1000000."] });
        }

        var moved = await moveBack(queue, limit, cancellationToken);
        return Results.Json(new ErrorQueueMove(queue, errorQueueOf(queue), moved, lastRead().GetValueOrDefault(queue)), ApiJson.Options);
    }

    private static async Task<IResult> FaultedPageAsync(string queue, HttpRequest request, FaultedMessages faulted, CancellationToken cancellationToken)
    {
        if (NoSuchQueue(queue, faulted.Queues) is { } notFound)
        {
            return notFound;
        }

        var errors = new Dictionary<string, string[]>();
        var query = ListQuery.Parse(request.Query, errors);
        long? beforeId = null;
        if (query.Cursor is { } cursor)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                beforeId = id;
            }
            else
            {
                ListQuery.RefuseCursor(errors);
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var rows = await faulted.PageAsync(queue, query.Limit + 1, beforeId, cancellationToken);
        var items = rows.Take(query.Limit).Select(row => new FaultedMessageItem(
            row.Id, row.Queue, row.Consumer, row.MessageId, row.MessageType, row.OutboxId, row.Exception,
            DateTimeOffset.FromUnixTimeMilliseconds(row.FaultedAt), row.RedrivenAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null)).ToList();
        var next = rows.Count > query.Limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Json(new ApiList<FaultedMessageItem>(items, next), ApiJson.Options);
    }

    private static IResult? NoSuchQueue(string queue, IReadOnlySet<string> queues) =>
        queues.Contains(queue)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such queue",
                detail: $"This host consumes {string.Join(", ", queues.Order(StringComparer.Ordinal))}, not '{queue}'.");
}
