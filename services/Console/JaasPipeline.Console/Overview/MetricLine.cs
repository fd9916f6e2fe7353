using System.Globalization;

namespace JaasPipeline.Console.Overview;

/// <summary>One series of a service's <c>/metrics</c> scrape that the overview shows.</summary>
public sealed record MetricLine(string Name, string Labels, string Value)
{
    // The figures an operator looks at first (docs/observability.md): backlog and its age, parked and faulted
    // messages, intake and refusals, download expiry headroom, gaps.
    private static readonly string[] Shown =
    [
        "jaas_outbox_backlog", "jaas_outbox_oldest_pending_age_seconds", "jaas_outbox_parked", "jaas_error_queue_messages",
        "jaas_inmemory_waiting_retry", "jaas_deliveries_accepted", "jaas_deliveries_refused", "jaas_signature_failures",
        "jaas_media_oldest_pending_link_expiry_seconds", "jaas_meeting_gaps",
    ];

    /// <summary>The series of <see cref="Shown"/> in a Prometheus text scrape, in the order they came.</summary>
    public static IReadOnlyList<MetricLine> Select(string scrape) =>
    [
        .. scrape.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#') && Shown.Any(name => line.StartsWith(name, StringComparison.Ordinal)))
            .Select(Parse)
            .OfType<MetricLine>(),
    ];

    private static MetricLine? Parse(string line)
    {
        var space = line.LastIndexOf(' ');
        if (space <= 0)
        {
            return null;
        }

        var series = line[..space];
        var brace = series.IndexOf('{');
        var value = double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("0.###", CultureInfo.InvariantCulture)
            : line[(space + 1)..];
        return brace < 0
            ? new MetricLine(series, "", value)
            : new MetricLine(series[..brace], series[(brace + 1)..].TrimEnd('}'), value);
    }
}
