using System.Text.Json;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Jitsi rtcstats-server's expected feature-extraction results for one of its test dumps (src/test/results, in
/// ../shared/real-rtcstats/peer-results), read as they are: per connection (<c>features.aggregates.PC_n</c>) its
/// <c>iceReconnects</c>, <c>connectionFailed</c> and <c>transportAggregates.meanRtt</c>.
/// </summary>
internal sealed record PeerFeatureResults(IReadOnlyDictionary<string, PeerConnectionResult> Connections)
{
    /// <summary>The peer's result file of a dump (<c>name.json</c> or <c>name-result.json</c>), or null when it has none.</summary>
    public static PeerFeatureResults? ForDump(string dumpPath)
    {
        var folder = Path.Combine(Path.GetDirectoryName(dumpPath)!, "peer-results");
        var name = Path.GetFileNameWithoutExtension(dumpPath);
        var path = new[] { $"{name}.json", $"{name}-result.json" }.Select(file => Path.Combine(folder, file)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var aggregates = document.RootElement[0].GetProperty("features").GetProperty("aggregates");
        return new PeerFeatureResults(aggregates.EnumerateObject().ToDictionary(
            pc => pc.Name,
            pc => new PeerConnectionResult(
                pc.Value.GetProperty("iceReconnects").GetInt32(),
                pc.Value.GetProperty("connectionFailed").GetBoolean(),
                pc.Value.TryGetProperty("transportAggregates", out var transport) && transport.TryGetProperty("meanRtt", out var rtt)
                    ? rtt.GetDouble()
                    : null),
            StringComparer.Ordinal));
    }
}
