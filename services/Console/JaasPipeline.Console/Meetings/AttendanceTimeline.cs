using System.Globalization;
using System.Text.Json.Nodes;

namespace JaasPipeline.Console.Meetings;

/// <summary>
/// The attendance report (<c>GET /api/attendance/{sessionId}</c>) laid out for an inline SVG: one row per participant,
/// a bar per stint (main room, breakout room) and per lobby wait, on one time axis from the meeting's first to its last
/// instant; a phone caller's (SIP or dial) row says so and its bars are outlined. An open stint runs to the end of the axis.
/// </summary>
public sealed class AttendanceTimeline
{
    public const double LabelWidth = 180;
    public const double PlotWidth = 800;
    public const double RowHeight = 24;

    private AttendanceTimeline(DateTimeOffset start, DateTimeOffset end, IReadOnlyList<TimelineRow> rows)
    {
        Start = start;
        End = end;
        Rows = rows;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public IReadOnlyList<TimelineRow> Rows { get; }

    public double Width => LabelWidth + PlotWidth + 10;

    public double Height => (Rows.Count + 1) * RowHeight + 10;

    public static AttendanceTimeline? From(JsonNode? report)
    {
        var participants = (report?["participants"] as JsonArray)?.OfType<JsonNode>().ToList() ?? [];
        var instants = participants
            .SelectMany(p => Intervals(p).SelectMany(i => new[] { i.From, i.To }))
            .Concat([Instant(report?["startedAt"]), Instant(report?["endedAt"])])
            .OfType<DateTimeOffset>()
            .ToList();
        if (instants.Count == 0)
        {
            return null;
        }

        var start = instants.Min();
        var end = instants.Max();
        var span = Math.Max((end - start).TotalMilliseconds, 1);
        double X(DateTimeOffset at) => LabelWidth + (at - start).TotalMilliseconds / span * PlotWidth;

        var rows = participants.Select(participant =>
        {
            var name = (string?)participant["name"] ?? (string?)participant["participantId"] ?? "(unnamed)";
            var phone = (string?)participant["kind"] is "sip" or "dial";
            return new TimelineRow(phone ? $"{name} (phone)" : name,
            [
                .. Intervals(participant).Select(interval =>
                {
                    var to = interval.To ?? end;
                    return new TimelineBar(X(interval.From), Math.Max(X(to) - X(interval.From), 2), phone ? $"{interval.Kind} phone" : interval.Kind,
                        $"{(phone ? "phone caller, " : "")}{interval.Kind} {interval.Room}: {Format(interval.From)} – {(interval.To is null ? "still there" : Format(to))}");
                }),
            ]);
        }).ToList();
        return new AttendanceTimeline(start, end, rows);
    }

    private sealed record Interval(DateTimeOffset From, DateTimeOffset? To, string Kind, string Room);

    private static IEnumerable<Interval> Intervals(JsonNode participant)
    {
        foreach (var wait in (participant["lobbyWaits"] as JsonArray)?.OfType<JsonNode>() ?? [])
        {
            if (Instant(wait["joinedAt"]) is { } from)
            {
                yield return new Interval(from, Instant(wait["leftAt"]), "lobby", "lobby");
            }
        }

        foreach (var stint in (participant["stints"] as JsonArray)?.OfType<JsonNode>() ?? [])
        {
            if (Instant(stint["joinedAt"]) is { } from)
            {
                var room = (string?)stint["room"] ?? "main";
                yield return new Interval(from, Instant(stint["leftAt"]), room == "main" ? "main" : "breakout", room);
            }
        }
    }

    private static DateTimeOffset? Instant(JsonNode? value) =>
        (string?)value is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public string AxisLabel(bool end) => (end ? End : Start).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
