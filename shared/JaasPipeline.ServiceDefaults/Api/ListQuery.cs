using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// The paging half of a list request (docs/api.md §5): <c>limit</c> (1 to <see cref="MaxLimit"/>, default
/// <see cref="DefaultLimit"/>) and <c>cursor</c>, the opaque <c>next</c> of the previous page as the endpoint wrote it.
/// </summary>
public sealed record ListQuery(int Limit, string? Cursor)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>Reads <c>limit</c> and <c>cursor</c>; a bad limit is reported in <paramref name="errors"/> (a validation problem's shape).</summary>
    public static ListQuery Parse(IQueryCollection query, IDictionary<string, string[]> errors)
    {
        var limit = DefaultLimit;
        if (query["limit"] is { Count: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit is a whole number from 1 to {MaxLimit}."];
        }

        string? cursor = query["cursor"];
        return new ListQuery(limit, string.IsNullOrEmpty(cursor) ? null : cursor);
    }

    /// <summary>The error an endpoint reports for a cursor it cannot read.</summary>
    public static void RefuseCursor(IDictionary<string, string[]> errors) =>
        errors["cursor"] = ["cursor is the next value a previous page returned, as it was."];
}
