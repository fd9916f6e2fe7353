using System.Globalization;

namespace JaasPipeline.Testing;

/// <summary>One read of a <c>/metrics</c> endpoint (Prometheus text format), summed per series filter.</summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, string Labels, double Value)> samples;

    private PrometheusScrape(List<(string, string, double)> samples) => this.samples = samples;

    public static async Task<PrometheusScrape> ReadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace > 0 ? line[..brace] : line[..space];
            var labels = brace > 0 ? line[(brace + 1)..line.LastIndexOf('}')] : "";
            var valueText = line[(space + 1)..];
            samples.Add((name, labels, double.Parse(valueText, CultureInfo.InvariantCulture)));
        }

        return new PrometheusScrape(samples);
    }

    public bool Has(string name) => samples.Any(s => s.Name == name);

    /// <summary>The sum of every series of <paramref name="name"/> whose labels contain <paramref name="labelFilter"/>.</summary>
    public double Value(string name, string labelFilter = "") =>
        samples.Where(s => s.Name == name && s.Labels.Contains(labelFilter, StringComparison.Ordinal)).Sum(s => s.Value);

    public double Delta(PrometheusScrape before, string name, string labelFilter = "") =>
        Value(name, labelFilter) - before.Value(name, labelFilter);
}
