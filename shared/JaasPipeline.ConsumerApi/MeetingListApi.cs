using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.ConsumerApi;

/// <summary>
/// <c>GET …/meetings</c> of a consumer service (docs/api.md §5): its meetings newest first by last event, filtered by
/// appId, room and the last event's time, keyset-paged so that meetings written meanwhile never shift a page.
/// </summary>
public static class MeetingListApi
{
    /// <summary>
    /// Maps <c>meetings</c> on <paramref name="group"/>. A literal segment outranks a <c>{sessionId}</c> parameter, so the
    /// list wins over the meeting of that name (JaaS sessionIds are UUIDs).
    /// </summary>
    public static RouteHandlerBuilder MapMeetingListApi<TDirectory>(this RouteGroupBuilder group, string service)
        where TDirectory : IMeetingDirectory
    {
        return group.MapGet("/meetings",
                (string? appId, string? room, string? from, string? to, string? limit, string? cursor, HttpRequest request,
                    CancellationToken cancellationToken) =>
                    ListAsync(appId, room, from, to, request, request.HttpContext.RequestServices.GetRequiredService<TDirectory>(), cancellationToken))
            .WithSummary($"The meetings {service} knows, newest first by their last event; filter by appId, room and last-event time")
            .Produces<ApiList<MeetingListItem>>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .WithListQuery();
    }

    // limit and cursor are declared on the route (so OpenAPI lists them) and read by ListQuery.
    private static async Task<IResult> ListAsync(
        string? appId, string? room, string? from, string? to, HttpRequest request, IMeetingDirectory directory, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var fromTime = ApiTime.Parse(from, "from", errors);
        var toTime = ApiTime.Parse(to, "to", errors);
        var page = ListQuery.Parse(request.Query, errors);
        string[]? after = null;
        if (page.Cursor is { } text && ((after = ApiCursor.TryDecode(text, 2)) is null || ApiCursor.Number(after[0]) is null))
        {
            ListQuery.RefuseCursor(errors);
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Bad query");
        }

        var rows = await directory.ListMeetingsAsync(
            new MeetingListQuery(
                string.IsNullOrEmpty(appId) ? null : appId, string.IsNullOrEmpty(room) ? null : room,
                fromTime?.ToUnixTimeMilliseconds(), toTime?.ToUnixTimeMilliseconds(), page.Limit + 1,
                after is null ? null : ApiCursor.Number(after[0]), after?[1]),
            cancellationToken);
        var items = rows.Take(page.Limit).ToList();
        var next = rows.Count > page.Limit ? ApiCursor.Encode(items[^1].LastEventAt.ToString(System.Globalization.CultureInfo.InvariantCulture), items[^1].SessionId) : null;
        return Results.Json(new ApiList<MeetingListItem>(items.Select(row => row.ToItem()).ToList(), next), ApiJson.Options);
    }
}
