using System.Globalization;

namespace JaasPipeline.Console.Overview;

/// <summary>One series of a service's <c>/metrics</c> scrape that the overview shows: its value as shown, and as a number where it is one.</summary>
public sealed record MetricLine(string Name, string Labels, string Value, double? Number)
{
    // The figures an operator looks at first (docs/observability.md): backlog and its age, parked and faulted
    // messages, the in-memory bus's messages not yet finished (its queues' depth), intake and refusals, download expiry
    // headroom, gaps.
    private static readonly string[] Shown =
    [
        "jaas_outbox_backlog", "jaas_outbox_oldest_pending_age_seconds", "jaas_outbox_parked", "jaas_error_queue_messages",
        "jaas_inmemory_unsettled", "jaas_inmemory_waiting_retry", "jaas_deliveries_accepted", "jaas_deliveries_refused", "jaas_signature_failures",
        "jaas_media_oldest_pending_link_expiry_seconds", "jaas_meeting_gaps",
    ];

    /// <summary>The series of <see cref="Shown"/> in a Prometheus text scrape, in the order they came.</summary>
    public static IReadOnlyList<MetricLine> Select(string scrape) => Select(scrape, Shown);

    /// <summary>The series of a scrape whose name starts with one of <paramref name="names"/>, in the order they came.</summary>
    public static IReadOnlyList<MetricLine> Select(string scrape, IReadOnlyCollection<string> names) =>
    [
        .. scrape.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#') && names.Any(name => line.StartsWith(name, StringComparison.Ordinal)))
            .Select(Parse)
            .OfType<MetricLine>(),
    ];

    // name{labels} value [timestamp], or name value [timestamp] (the Prometheus text format).
    private static MetricLine? Parse(string line)
    {
        var close = line.LastIndexOf('}');
        var nameEnd = close >= 0 ? line.IndexOf('{') : line.IndexOf(' ');
        if (nameEnd <= 0)
        {
            return null;
        }

        var labels = close >= 0 ? WithoutScope(line[(nameEnd + 1)..close]) : "";
        var rest = line[(close >= 0 ? close + 1 : nameEnd)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0)
        {
            return null;
        }

        double? number = double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new MetricLine(line[..nameEnd], labels, number?.ToString("0.###", CultureInfo.InvariantCulture) ?? rest[0], number);
    }

    // OpenTelemetry's exporter labels every series with the meter that made it: noise on a page for people.
    // (Our label values are reasons, queues and event types: no comma inside one.)
    private static string WithoutScope(string labels) =>
        string.Join(',', labels.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(label => !label.StartsWith("otel_scope_", StringComparison.Ordinal)));
}
