using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Operations;

/// <summary>A problem-details answer (RFC 9457) as the tools print it: on one line, or just its title.</summary>
public static class ProblemLine
{
    /// <summary>Title, detail and each field's errors, joined on one line; a body that is not a problem, as it came.</summary>
    public static string Of(string text)
    {
        if (Parse(text) is { } problem)
        {
            var parts = new List<string>();
            if ((string?)problem["title"] is { } title)
            {
                parts.Add(title);
            }

            if ((string?)problem["detail"] is { } detail)
            {
                parts.Add(detail);
            }

            if (problem["errors"] is JsonObject errors)
            {
                parts.AddRange(errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value is JsonArray messages ? messages.Select(m => (string?)m) : [e.Value?.ToString()])}"));
            }

            return string.Join(" — ", parts);
        }

        return text.ReplaceLineEndings(" ");
    }

    /// <summary>The problem's title, or null if the body is not a problem with one.</summary>
    public static string? Title(string text) => (string?)Parse(text)?["title"];

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON: no problem to read.
            return null;
        }
    }
}
