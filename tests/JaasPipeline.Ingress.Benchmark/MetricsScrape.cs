using System.Globalization;

namespace JaasPipeline.Ingress.Benchmark;

/// <summary>
/// The ingress's outbox figures from one GET of <c>/metrics</c> (Prometheus text). The exporter caches its answer
/// for 300 ms by default, which bounds how precisely the drain can be timed.
/// </summary>
internal sealed record MetricsScrape(double Accepted, double Published, double Backlog)
{
    public const string AcceptedMetric = "jaas_deliveries_accepted_total";
    public const string PublishedMetric = "jaas_outbox_published_total";
    public const string BacklogMetric = "jaas_outbox_backlog";

    public static async Task<MetricsScrape> ReadAsync(HttpClient client, Uri metrics, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(metrics, cancellationToken);
        // Before the first delivery a counter has no series yet: that is a zero, not an error.
        return new MetricsScrape(Sum(text, AcceptedMetric), Sum(text, PublishedMetric), Sum(text, BacklogMetric));
    }

    /// <summary>The sum of every series of <paramref name="metric"/> (they differ only by labels).</summary>
    public static double Sum(string exposition, string metric)
    {
        var sum = 0.0;
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
            sum += double.Parse(end < 0 ? value : value[..end], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
