using Microsoft.OpenApi;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// A query parameter as the OpenAPI document declares it, for endpoints that read their query themselves (to answer a
/// bad value with a 400 naming the parameter, docs/api.md §3) and so give the generator nothing to describe.
/// </summary>
public sealed record QueryParameter(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, string? Format = null, bool Required = false)
{
    /// <summary>Values the parameter may take, if it is one of a few.</summary>
    public IReadOnlyList<string>? OneOf { get; init; }

    /// <summary>The smallest and largest whole number the parameter takes, and what it means when absent.</summary>
    public (int Minimum, int Maximum, int Default)? Range { get; init; }

    /// <summary>An instant (RFC 3339, any offset).</summary>
    public static QueryParameter Time(string name, string description) => new(name, description + " RFC 3339, any offset (2026-11-23T10:00:00Z).", Format: "date-time");

    /// <summary>The paging pair of every list (docs/api.md §5).</summary>
    public static readonly QueryParameter[] Paging =
    [
        new("limit", $"Items per page, 1 to {ListQuery.MaxLimit} (default {ListQuery.DefaultLimit}).", JsonSchemaType.Integer, "int32")
        {
            Range = (1, ListQuery.MaxLimit, ListQuery.DefaultLimit),
        },
        new("cursor", "The next value of the previous page, as it was; absent for the first page."),
    ];
}
