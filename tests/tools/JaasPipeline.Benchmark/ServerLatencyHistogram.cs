using System.Globalization;

namespace JaasPipeline.Benchmark;

/// <summary>
/// The cumulative buckets of the host's own <c>jaas_settings_provisioning_duration_seconds</c> histogram for answered
/// calls, from one GET of <c>/metrics</c>: what the server measured, without the client's or the generator's share.
/// </summary>
internal sealed record ServerLatencyHistogram(IReadOnlyDictionary<double, double> CumulativeByBound)
{
    private const string Bucket = "jaas_settings_provisioning_duration_seconds_bucket{";

    public static async Task<ServerLatencyHistogram> ReadAsync(HttpClient client, Uri metrics, CancellationToken cancellationToken)
    {
        var buckets = new Dictionary<double, double>();
        foreach (var line in (await client.GetStringAsync(metrics, cancellationToken)).Split('\n'))
        {
            if (!line.StartsWith(Bucket, StringComparison.Ordinal) || !line.Contains("outcome=\"answered\"", StringComparison.Ordinal))
            {
                continue;
            }

            var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
            le = le[..le.IndexOf('"')];
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            buckets[bound] = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new ServerLatencyHistogram(buckets);
    }

    /// <summary>The smallest bucket bound (ms) under which <paramref name="fraction"/> of the calls since
    /// <paramref name="before"/> were answered, or null without calls.</summary>
    public double? BoundMs(ServerLatencyHistogram before, double fraction)
    {
        var deltas = CumulativeByBound.OrderBy(b => b.Key)
            .Select(b => (Bound: b.Key, Count: b.Value - before.CumulativeByBound.GetValueOrDefault(b.Key)))
            .ToList();
        var total = deltas.Count == 0 ? 0 : deltas[^1].Count;
        return total <= 0 ? null : deltas.First(d => d.Count >= fraction * total).Bound * 1000;
    }
}
