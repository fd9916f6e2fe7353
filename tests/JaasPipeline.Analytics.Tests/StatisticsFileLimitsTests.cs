using System.IO.Compression;
using System.IO.Pipelines;
using JaasPipeline.Analytics.Quality;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// One statistics file must not take the process down (issue 21, H1): every file is read within
/// <see cref="StatisticsFileLimits"/>, and a file that reaches one is summarized from what was read, with the reason.
/// Memory is measured as the live heap after a full collection while the file is read, against the heap before.
/// </summary>
public sealed class StatisticsFileLimitsTests
{
    /// <summary>The stated bound: what reading one file may add to the live heap under the default limits.</summary>
    private const long HeapBound = 16L * 1024 * 1024;

    private TempFolder folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => folder = new TempFolder("analytics-limits");

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public async Task HalfAGigabyteLine_IsSkippedAndCounted_WithTheHeapUnderTheBound()
    {
        var path = Path.Combine(folder.Path, "long-line.gz");
        HostileStatisticsFiles.WriteLongLine(path, 500L * 1024 * 1024);

        var (reading, heapGrowth) = await ReadSampledAsync(path);

        Assert.That(reading.LimitReason, Does.Contain("1 line(s) longer than Analytics:QualityMaxLineBytes"));
        Assert.That(reading.Quality.RttMeanMs, Is.EqualTo(40), "the entries around the long line are read");
        Assert.That(heapGrowth, Is.LessThan(HeapBound), "live heap growth while a 500 MB line went by");
    }

    [Test]
    public async Task ThreeMillionConnections_AreTrackedUpToTheCap_WithTheHeapUnderTheBound()
    {
        var path = Path.Combine(folder.Path, "connections.gz");
        HostileStatisticsFiles.WriteManyConnections(path, 3_000_000);

        var (reading, heapGrowth) = await ReadSampledAsync(path);

        var limits = StatisticsFileLimits.Default;
        Assert.That(reading.LimitReason, Does.Contain($"{3_000_000 - limits.MaxConnections} entries of connections beyond Analytics:QualityMaxConnections"));
        Assert.That(reading.Quality.RttMeanMs, Is.EqualTo(40));
        Assert.That(heapGrowth, Is.LessThan(HeapBound), "live heap growth over 3 M connection ids");
    }

    [Test]
    public async Task GzipBomb_StopsAtTheDecompressedBytesCap_WithTheHeapUnderTheBound()
    {
        var path = Path.Combine(folder.Path, "bomb.gz");
        var limits = StatisticsFileLimits.Default;
        HostileStatisticsFiles.WriteBomb(path, limits.MaxDecompressedBytes + (256L << 20));
        Assert.That(new FileInfo(path).Length, Is.LessThan(limits.MaxDecompressedBytes / 50), "a bomb: small compressed, huge decompressed");

        var (reading, heapGrowth) = await ReadSampledAsync(path);

        Assert.That(reading.LimitReason, Does.Contain($"reading stopped at Analytics:QualityMaxDecompressedBytes ({limits.MaxDecompressedBytes} bytes)"));
        Assert.That(reading.Quality.RttMeanMs, Is.EqualTo(40));
        Assert.That(heapGrowth, Is.LessThan(HeapBound));
    }

    [Test]
    public async Task ManyReportIds_AreTrackedUpToTheCap()
    {
        // One connection whose every entry carries a new inbound-rtp report id (the old ones removed): the reports
        // and their byte counters are what would grow.
        var path = Path.Combine(folder.Path, "reports.gz");
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip) { NewLine = "\n" })
        {
            for (var i = 0; i < 20; i++)
            {
                await writer.WriteLineAsync($$$"""["getstats","PC_0",{"IT{{{i}}}":{"type":"inbound-rtp","kind":"video","bytesReceived":{{{i * 1000}}}}},{{{1700000000000 + i}}}]""");
            }
        }

        await using var file = File.OpenRead(path);
        var reading = await CallQualitySummarizer.SummarizeAsync(file, StatisticsFileLimits.Default with { MaxReports = 5 }, CancellationToken.None);

        Assert.That(reading.LimitReason, Does.Contain("15 reports beyond Analytics:QualityMaxReports (5) not tracked"));
    }

    [Test]
    public async Task TruncatedGzip_IsSummarizedAndMarkedTruncated()
    {
        var whole = Path.Combine(folder.Path, "whole.gz");
        StatisticsFileGenerator.Write(whole, seed: 21, connections: 2, samplesPerConnection: 2_000);
        var bytes = await File.ReadAllBytesAsync(whole);

        await using (var complete = new MemoryStream(bytes))
        {
            Assert.That((await CallQualitySummarizer.SummarizeAsync(complete, StatisticsFileLimits.Default, CancellationToken.None)).LimitReason, Is.Null,
                "the whole file reads without a limit");
        }

        await using var cut = new MemoryStream(bytes[..(bytes.Length * 2 / 3)]);
        var reading = await CallQualitySummarizer.SummarizeAsync(cut, StatisticsFileLimits.Default, CancellationToken.None);

        Assert.That(reading.LimitReason, Is.EqualTo("the file ends before its gzip trailer says it should (truncated or damaged)"));
        Assert.That(reading.Quality.RttMeanMs, Is.Not.Null, "what could be read is summarized");
    }

    [Test]
    public async Task FileThatNeverEnds_StopsAtTheReadTime()
    {
        // A storage stream that delivers a gzip header and then nothing, forever.
        var pipe = new Pipe();
        await using (var header = new GZipStream(pipe.Writer.AsStream(leaveOpen: true), CompressionLevel.Fastest, leaveOpen: true))
        {
            await header.WriteAsync("["u8.ToArray());
            await header.FlushAsync();
        }

        var limits = StatisticsFileLimits.Default with { MaxReadTime = TimeSpan.FromMilliseconds(300) };
        var reading = await CallQualitySummarizer.SummarizeAsync(pipe.Reader.AsStream(), limits, CancellationToken.None);

        Assert.That(reading.LimitReason, Is.EqualTo("reading stopped after Analytics:QualityMaxReadTime (00:00:00.3000000)"));
    }

    [Test]
    public async Task RealBrowserFiles_ReachNoLimit()
    {
        var real = Path.Combine(ServiceProcess.RepositoryRoot, "..", "shared", "real-rtcstats");
        if (!Directory.Exists(real))
        {
            Assert.Ignore($"No real statistics files at {real}.");
        }

        var files = Directory.GetFiles(real, "*.gz");
        Assert.That(files, Is.Not.Empty);
        foreach (var path in files)
        {
            await using var file = File.OpenRead(path);
            var reading = await CallQualitySummarizer.SummarizeAsync(file, StatisticsFileLimits.Default, CancellationToken.None);
            Assert.That(reading.LimitReason, Is.Null, Path.GetFileName(path));
        }
    }

    private static async Task<(StatisticsFileReading Reading, long HeapGrowth)> ReadSampledAsync(string path)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await using var file = File.OpenRead(path);
        await using var sampling = new MemorySamplingStream(file, checkpoints: [0.1, 0.3, 0.5, 0.7, 0.9, 0.99]);
        var reading = await CallQualitySummarizer.SummarizeAsync(sampling, StatisticsFileLimits.Default, CancellationToken.None);
        TestContext.Out.WriteLine($"heap before {before}, while reading {string.Join(", ", sampling.Samples)}; {reading.LimitReason}");
        Assert.That(sampling.Samples, Has.Count.GreaterThanOrEqualTo(3), "the heap was sampled while reading");
        return (reading, sampling.Samples.Max() - before);
    }
}
