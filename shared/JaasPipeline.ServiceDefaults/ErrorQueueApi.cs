using System.Globalization;
using JaasPipeline.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// <c>/api/error-queues</c> on every host that consumes from RabbitMQ: the depth of each of its service queues' error
/// queues, and moving their messages back once the cause is fixed. An API key always (it changes what the service
/// does); off without keys.
/// </summary>
public static class ErrorQueueApi
{
    public const string Route = "/api/error-queues";
    private const int DefaultMaxMoved = 1_000;

    public static IEndpointRouteBuilder MapErrorQueueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).RequireAdminKey("error-queue API").WithTags("Error queues");
        if (app.ServiceProvider.GetService<ErrorQueues>() is null)
        {
            // The in-memory bus: a message that failed every retry is recorded in faulted_messages instead. Said so,
            // rather than a bare 404 that reads like a wrong URL. The catch-all also matches the bare route.
            group.MapMethods("/{**rest}", ["GET", "POST"], NoErrorQueues).ExcludeFromDescription();
            return app;
        }

        group.MapGet("/", ListAsync).WithSummary("Messages waiting in each of this host's error queues, read now");
        group.MapPost("/{queue}/move", MoveAsync)
            .WithSummary("Moves up to max (default 1,000) messages from <queue>_error back to <queue>; answers how many moved and how many are left")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult NoErrorQueues() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No error queues on the in-memory bus",
            detail: "This host runs the embedded default's in-memory bus, which has no error queues: a message that failed " +
                    "every retry is recorded in its service's faulted_messages table instead.");

    private static async Task<IResult> ListAsync(ErrorQueues errorQueues, CancellationToken cancellationToken)
    {
        var depths = await errorQueues.ReadAsync(cancellationToken);
        return Results.Ok(depths.OrderBy(depth => depth.Key, StringComparer.Ordinal)
            .Select(depth => new { queue = depth.Key, errorQueue = ErrorQueueDeclaration.ErrorQueueOf(depth.Key), messages = depth.Value }));
    }

    private static async Task<IResult> MoveAsync(string queue, string? max, ErrorQueues errorQueues, CancellationToken cancellationToken)
    {
        if (!errorQueues.Queues.Contains(queue))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such queue",
                detail: $"This host consumes {string.Join(", ", errorQueues.Queues.Order(StringComparer.Ordinal))}, not '{queue}'.");
        }

        var limit = DefaultMaxMoved;
        if (max is not null && (!int.TryParse(max, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1_000_000))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["max"] = ["max is a whole number from 1 to 1000000."] });
        }

        var moved = await errorQueues.MoveBackAsync(queue, limit, cancellationToken);
        return Results.Ok(new { queue, moved, left = errorQueues.LastRead.GetValueOrDefault(queue) });
    }
}
