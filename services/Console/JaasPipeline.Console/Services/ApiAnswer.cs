using System.Text.Json.Nodes;

namespace JaasPipeline.Console.Services;

/// <summary>
/// What a service answered: the status (0 when it could not be reached), the JSON body of a success, or the problem
/// (RFC 9457) put into one sentence a page can show.
/// </summary>
public sealed record ApiAnswer(int Status, JsonNode? Json, string? Problem)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>The items of a list answer (<c>{ items, next }</c>, docs/api.md §5), or none.</summary>
    public IReadOnlyList<JsonNode> Items => Json?["items"] is JsonArray items ? [.. items.OfType<JsonNode>()] : [];

    /// <summary>The cursor of the next page of a list answer, or null on the last page.</summary>
    public string? Next => Json?["next"]?.GetValue<string>();
}
