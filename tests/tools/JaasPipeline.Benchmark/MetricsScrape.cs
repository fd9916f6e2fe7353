using System.Globalization;

namespace JaasPipeline.Benchmark;

/// <summary>The figures the benchmark reads from one GET of a host's <c>/metrics</c> (Prometheus text).</summary>
internal sealed record MetricsScrape(double Accepted, double Published, double Backlog, double? InMemoryUnsettled)
{
    public const string AcceptedMetric = "jaas_deliveries_accepted_total";
    public const string PublishedMetric = "jaas_outbox_published_total";
    public const string BacklogMetric = "jaas_outbox_backlog";
    public const string InMemoryUnsettledMetric = "jaas_inmemory_unsettled";

    public static async Task<MetricsScrape> ReadAsync(HttpClient client, Uri metrics, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(metrics, cancellationToken);
        // Before the first delivery a counter has no series yet: that is a zero. A gauge the host does not export at
        // all (the in-memory one outside the embedded default) is "not available", which is not the same as 0.
        return new MetricsScrape(
            Sum(text, AcceptedMetric) ?? 0, Sum(text, PublishedMetric) ?? 0, Sum(text, BacklogMetric) ?? 0, Sum(text, InMemoryUnsettledMetric));
    }

    /// <summary>The sum of every series of <paramref name="metric"/> (they differ only by labels), or null if it has none.</summary>
    public static double? Sum(string exposition, string metric)
    {
        double? sum = null;
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal) ||
                line.Length == metric.Length || line[metric.Length] is not (' ' or '{'))
            {
                continue;
            }

            // name{labels} value [timestamp]
            var afterName = line[metric.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..];
            var value = afterName.TrimStart(' ');
            var end = value.IndexOf(' ');
            sum = (sum ?? 0) + double.Parse(end < 0 ? value : value[..end], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
