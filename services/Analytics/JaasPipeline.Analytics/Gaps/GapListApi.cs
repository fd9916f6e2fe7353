using System.Globalization;
using JaasPipeline.Contracts;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// <c>GET /api/analytics/gaps</c>: the meetings with gaps, newest first by the latest detectedAt of their gaps that match,
/// filtered by kind and by when the gap was detected (from/to), keyset-paged like every list (docs/api.md §5).
/// </summary>
public static class GapListApi
{
    /// <summary>Maps <c>gaps</c> on the analytics group; a literal segment outranks its <c>{sessionId}</c> route.</summary>
    public static RouteHandlerBuilder MapGapListApi(this RouteGroupBuilder group) =>
        group.MapGet("/gaps", ListAsync)
            .WithSummary("The meetings with gaps (what JaaS should have sent and did not), newest first by detection; filter by kind and detection time")
            .WithQueryParameters(
            [
                new("kind", "Only gaps of this kind.") { OneOf = GapKinds.All },
                QueryParameter.Time("from", "Only gaps detected at or after this instant."),
                QueryParameter.Time("to", "Only gaps detected at or before this instant."),
                .. QueryParameter.Paging,
            ])
            .Produces<ApiList<GapMeetingItem>>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();

    private static async Task<IResult> ListAsync(HttpRequest request, MeetingGapStore store, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var errors = new Dictionary<string, string[]>();
        var from = ApiTime.Parse(query["from"], "from", errors);
        var to = ApiTime.Parse(query["to"], "to", errors);
        if (from > to)
        {
            errors["from"] = ["from must not be after to."];
        }

        string? kind = query["kind"];
        if (string.IsNullOrEmpty(kind))
        {
            kind = null;
        }
        else if (!GapKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors["kind"] = [$"kind is one of {string.Join(", ", GapKinds.All)}."];
        }

        var page = ListQuery.Parse(query, errors);
        string[]? after = null;
        if (page.Cursor is { } text && ((after = ApiCursor.TryDecode(text, 2)) is null || ApiCursor.Number(after[0]) is null))
        {
            ListQuery.RefuseCursor(errors);
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Bad query");
        }

        var rows = await store.ListAsync(
            new GapListQuery(kind, from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds(), page.Limit + 1,
                after is null ? null : ApiCursor.Number(after[0]), after?[1]),
            cancellationToken);
        var items = rows.Take(page.Limit).ToList();
        var next = rows.Count > page.Limit
            ? ApiCursor.Encode(items[^1].Meeting.LastDetectedAt.ToString(CultureInfo.InvariantCulture), items[^1].Meeting.SessionId)
            : null;
        return Results.Json(new ApiList<GapMeetingItem>(items.Select(ToItem).ToList(), next), ApiJson.Options);
    }

    private static GapMeetingItem ToItem((GapMeetingRow Meeting, IReadOnlyList<RecordedGap> Gaps) row) => new(
        row.Meeting.SessionId,
        row.Meeting.Fqn,
        row.Meeting.Fqn is { } fqn ? JaasFqn.AppId(fqn) : null,
        row.Meeting.Fqn is { } withRoom ? JaasFqn.RoomName(withRoom) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(row.Meeting.LastDetectedAt),
        row.Gaps
            .Select(MeetingGapReader.ToMeetingGap)
            .OrderByDescending(gap => gap.DetectedAt)
            .ThenBy(gap => gap.Kind, StringComparer.Ordinal)
            .ThenBy(gap => gap.Detail.Summary, StringComparer.Ordinal)
            .ToList());
}
