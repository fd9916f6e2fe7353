using JaasPipeline.Analytics.Quality;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>A generated multi-megabyte statistics file read end to end, against figures computed from the generator's full state.</summary>
public sealed class StatisticsFileTests
{
    private TempFolder folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => folder = new TempFolder("analytics-stats");

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public async Task GeneratedMultiMegabyteFile_SummarizesToTheGeneratorsOwnFigures()
    {
        var path = Path.Combine(folder.Path, "stats.gz");
        var expected = StatisticsFileGenerator.Write(path, seed: 20261124, connections: 3, samplesPerConnection: 15_000);
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(2_000_000), "the file is multi-megabyte");

        await using var stream = File.OpenRead(path);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var summary = await CallQualitySummarizer.SummarizeAsync(stream, CancellationToken.None);
        // A measurement for the docs (how long a consumer would hold its message), not an assertion.
        TestContext.Out.WriteLine($"{new FileInfo(path).Length} bytes, {expected.Entries} entries, read in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms; expected {expected}; got {summary}");

        Assert.Multiple(() =>
        {
            // Durations in whole ms, packet loss a ratio (docs/api.md §4); the generator keeps the unrounded figures.
            Assert.That(summary.RttMeanMs, Is.EqualTo(Math.Round(expected.RttMsMean, MidpointRounding.AwayFromZero)));
            Assert.That(summary.RttP95Ms, Is.EqualTo(Math.Round(expected.RttMsP95, MidpointRounding.AwayFromZero)));
            Assert.That(summary.JitterMeanMs, Is.EqualTo(Math.Round(expected.JitterMsMean, MidpointRounding.AwayFromZero)));
            Assert.That(summary.PacketLossRatio, Is.EqualTo(expected.PacketLossPercent / 100).Within(0.000001));
            Assert.That(summary.InboundKbps, Is.EqualTo(expected.InboundKbps).Within(0.001));
            Assert.That(summary.OutboundKbps, Is.EqualTo(expected.OutboundKbps).Within(0.001));
            Assert.That(summary.DurationMs, Is.EqualTo(Math.Round(expected.DurationSeconds * 1000)));
            Assert.That(summary.IceReconnects, Is.EqualTo(expected.IceReconnects));
            Assert.That(summary.IceFailed, Is.EqualTo(expected.IceFailed));
            Assert.That(summary.MalformedLines, Is.EqualTo(expected.MalformedLines));
        });
        Assert.That(expected.MalformedLines, Is.GreaterThan(0), "the file has malformed lines to skip");
        Assert.That(expected.IceReconnects, Is.GreaterThan(0), "the file has reconnects to count");
    }

    [Test]
    public async Task LargeFile_IsReadWithFlatMemory()
    {
        var path = Path.Combine(folder.Path, "large.gz");
        StatisticsFileGenerator.Write(path, seed: 7, connections: 3, samplesPerConnection: 50_000);
        await using var file = File.OpenRead(path);
        await using var sampling = new MemorySamplingStream(file, checkpoints: [0.1, 0.5, 0.99]);

        await CallQualitySummarizer.SummarizeAsync(sampling, CancellationToken.None);

        // Between a tenth and the end of the file the heap may grow by the RTT samples (8 bytes per getstats
        // entry: 150,000 here, 1.2 MB) and noise, never by the file (tens of MB decompressed).
        var decompressed = sampling.DecompressedBytesHint(path);
        TestContext.Out.WriteLine($"heap at 10/50/99 %: {string.Join(", ", sampling.Samples)}; file {new FileInfo(path).Length} bytes, {decompressed} decompressed");
        Assert.That(sampling.Samples, Has.Count.EqualTo(3));
        Assert.That(sampling.Samples[^1] - sampling.Samples[0], Is.LessThan(4_000_000),
            $"heap at the checkpoints: {string.Join(", ", sampling.Samples)}; file {new FileInfo(path).Length} bytes, {decompressed} decompressed");
        Assert.That(decompressed, Is.GreaterThan(40_000_000), "the file is large enough for growth to show");
    }
}
