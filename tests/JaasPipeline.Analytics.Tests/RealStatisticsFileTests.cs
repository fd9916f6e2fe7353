using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using JaasPipeline.Analytics.Quality;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// The 16 real browser statistics files of ../shared/real-rtcstats (jitsi/rtcstats-server's test dumps) through the
/// summarizer, compared connection by connection with that project's own expected results (peer-results/): reconnects,
/// failure and mean RTT. The peer's files are the expected values, read here, never copied. Where the kit is missing
/// (a CI without it) the cases are ignored with the reason. The comparison table of docs/_incoming/i23-quality.md is
/// this fixture's output (written to the test log and to real-rtcstats-comparison.md beside the test assembly).
/// </summary>
public sealed class RealStatisticsFileTests
{
    /// <summary>
    /// The peer rounds its mean RTT to 2 decimals (<c>round(…, 2)</c> in StatsAggregator) of its samples' own unit:
    /// seconds for the standard stats (so a mean within 5 ms of its figure agrees), but milliseconds for the legacy
    /// <c>googRtt</c>, which its getRTTStandard returns unconverted (within 0.005 ms).
    /// </summary>
    private static (double ExpectedMs, double ToleranceMs) PeerRttMs(PeerConnectionResult peer, string? ourSource) =>
        ourSource == RttSources.LegacyCandidatePair ? ((peer.MeanRtt ?? 0), 0.005) : ((peer.MeanRtt ?? 0) * 1000, 5.0);

    private static readonly string Kit = Path.Combine(ServiceProcess.RepositoryRoot, "..", "shared", "real-rtcstats");

    private static readonly ConcurrentDictionary<string, string> Rows = new(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> RealFiles()
    {
        if (!Directory.Exists(Kit))
        {
            yield return new TestCaseData((string?)null).SetName("RealFile_NoKit");
            yield break;
        }

        foreach (var path in Directory.GetFiles(Kit, "*.gz").Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(path).SetName($"RealFile_AgreesWithThePeer({Path.GetFileNameWithoutExtension(path)})");
        }
    }

    [TestCaseSource(nameof(RealFiles))]
    public async Task RealFile_AgreesWithThePeerOnReconnectsFailureAndRtt(string? path)
    {
        if (path is null)
        {
            Assert.Ignore($"No real statistics files at {Kit} (the team kit ../shared/real-rtcstats is not beside this repository).");
        }

        await using var file = File.OpenRead(path);
        var reading = await CallQualitySummarizer.SummarizeAsync(file, StatisticsFileLimits.Default, CancellationToken.None);
        var peer = PeerFeatureResults.ForDump(path);
        var name = Path.GetFileNameWithoutExtension(path);
        Rows[name] = Row(name, reading, peer);
        TestContext.Out.WriteLine(Rows[name]);

        Assert.That(reading.LimitReason, Is.Null);
        Assert.That(reading.Quality.RttMeanMs, Is.Not.Null, "every real file has round-trip times");
        if (peer is null)
        {
            // The four *-relay dumps have no expected results in the peer's suite (its turn.test.js checks only the pairs).
            return;
        }

        var ours = reading.Connections.ToDictionary(c => c.Id, StringComparer.Ordinal);
        Assert.That(ours.Keys, Is.EquivalentTo(peer.Connections.Keys), "the same connections");
        using (Assert.EnterMultipleScope())
        {
            foreach (var (id, expected) in peer.Connections)
            {
                var connection = ours[id];
                Assert.That(connection.Reconnects, Is.EqualTo(expected.IceReconnects), $"{id} reconnects");
                Assert.That(connection.Failed, Is.EqualTo(expected.ConnectionFailed), $"{id} failed");
                // The peer's 0 is also "no samples": the pre-call test connections that never connected have none in either.
                var (expectedMs, toleranceMs) = PeerRttMs(expected, connection.RttSource);
                Assert.That(connection.RttMeanMs ?? 0, Is.EqualTo(expectedMs).Within(toleranceMs + 0.000001), $"{id} mean RTT (ms)");
            }

            // The file's figures add its connections up: reconnects summed, failed if any connection failed.
            Assert.That(reading.Quality.IceReconnects, Is.EqualTo(peer.Connections.Values.Sum(c => c.IceReconnects)), "the file's reconnects");
            Assert.That(reading.Quality.IceFailed, Is.EqualTo(peer.Connections.Values.Any(c => c.ConnectionFailed)), "the file's failed");
        }
    }

    [OneTimeTearDown]
    public void WriteComparisonTable()
    {
        if (Rows.IsEmpty)
        {
            return;
        }

        var table = new StringBuilder()
            .AppendLine("| File | Connection | Reconnects ours / peer | Failed ours / peer | Mean RTT ms ours / peer | RTT source | States from | File: rttMeanMs, rttP95Ms, iceReconnects, iceFailed |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in Rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            table.Append(row.Value);
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "real-rtcstats-comparison.md"), table.ToString());
        TestContext.Progress.WriteLine(table.ToString());
    }

    private static string Row(string name, StatisticsFileReading reading, PeerFeatureResults? peer)
    {
        var quality = reading.Quality;
        var fileFigures = $"{quality.RttMeanMs}, {quality.RttP95Ms}, {quality.IceReconnects}, {(quality.IceFailed == true ? "true" : "false")}";
        var lines = new StringBuilder();
        foreach (var connection in reading.Connections)
        {
            var expected = peer?.Connections.GetValueOrDefault(connection.Id);
            lines.Append(CultureInfo.InvariantCulture,
                $"| {name} | {connection.Id} | {connection.Reconnects} / {expected?.IceReconnects.ToString(CultureInfo.InvariantCulture) ?? "–"} " +
                $"| {Yes(connection.Failed)} / {(expected is null ? "–" : Yes(expected.ConnectionFailed))} " +
                $"| {(connection.RttMeanMs is { } rtt ? rtt.ToString("0.##", CultureInfo.InvariantCulture) : "null")} / {(expected is null ? "–" : PeerRttMs(expected, connection.RttSource).ExpectedMs.ToString("0.##", CultureInfo.InvariantCulture))} " +
                $"| {connection.RttSource ?? "–"} | {connection.StateSource ?? "–"} | {fileFigures} |\n");
            name = "";
            fileFigures = "";
        }

        return lines.ToString();
    }

    private static string Yes(bool value) => value ? "yes" : "no";
}
