using System.Text.Json.Nodes;

namespace JaasPipeline.Console.Meetings;

/// <summary>
/// "Find in transcript" on a meeting's page: the phrases whose text or speaker contains the words typed, ignoring case,
/// each phrase's text cut into the parts to show plainly and the parts to mark. The transcript is already on the page,
/// so the finding is done here (the transcription API's search is across meetings, by whole words).
/// </summary>
public sealed class TranscriptFind
{
    private TranscriptFind(string? query, IReadOnlyList<JsonNode> phrases, int total)
    {
        Query = query;
        Phrases = phrases;
        Total = total;
    }

    /// <summary>What was typed, trimmed; null when nothing was.</summary>
    public string? Query { get; }

    /// <summary>The phrases to show: all of them without a query, else those that contain it.</summary>
    public IReadOnlyList<JsonNode> Phrases { get; }

    /// <summary>How many phrases the transcript has.</summary>
    public int Total { get; }

    public static TranscriptFind Of(JsonArray segments, string? query)
    {
        var all = segments.OfType<JsonNode>().ToList();
        var typed = string.IsNullOrWhiteSpace(query) ? null : query.Trim();
        return typed is null
            ? new TranscriptFind(null, all, all.Count)
            : new TranscriptFind(typed, [.. all.Where(phrase => Contains(Speaker(phrase), typed) || Contains((string?)phrase["text"], typed))], all.Count);
    }

    public static string? Speaker(JsonNode phrase) => (string?)phrase["name"] ?? (string?)phrase["participantId"];

    /// <summary><paramref name="text"/> in order, each part with whether it is an occurrence of the query.</summary>
    public IEnumerable<(string Part, bool Found)> Parts(string? text)
    {
        if (string.IsNullOrEmpty(text) || Query is null)
        {
            yield return (text ?? "", false);
            yield break;
        }

        var at = 0;
        for (var found = text.IndexOf(Query, StringComparison.OrdinalIgnoreCase); found >= 0; found = text.IndexOf(Query, at, StringComparison.OrdinalIgnoreCase))
        {
            if (found > at)
            {
                yield return (text[at..found], false);
            }

            yield return (text.Substring(found, Query.Length), true);
            at = found + Query.Length;
        }

        if (at < text.Length)
        {
            yield return (text[at..], false);
        }
    }

    private static bool Contains(string? text, string query) => text?.Contains(query, StringComparison.OrdinalIgnoreCase) == true;
}
