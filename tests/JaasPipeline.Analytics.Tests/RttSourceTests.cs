using JaasPipeline.Analytics.Quality;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Firefox's candidate pairs carry no <c>currentRoundTripTime</c>: a file whose selected pairs give none takes the
/// remote-inbound-rtp <c>roundTripTime</c> instead, and says so in <c>rttSource</c> (issue 23).
/// </summary>
public sealed class RttSourceTests
{
    // A Firefox entry: the selected pair (nominated, succeeded) without an RTT; two remote-inbound-rtp reports with theirs.
    private const string FirefoxEntry = """
        ["getstats", "PC_0", {"timestamp": 1000,
          "p1": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "selected": true, "timestamp": 0},
          "r1": {"type": "remote-inbound-rtp", "kind": "audio", "roundTripTime": 0.040, "timestamp": 0},
          "r2": {"type": "remote-inbound-rtp", "kind": "video", "roundTripTime": 0.050, "timestamp": 0}}, 1000]
        """;

    [Test]
    public void FileWhosePairsGiveNoRtt_TakesTheRemoteInboundRtpRoundTripTime()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add(FirefoxEntry);
        summarizer.Add("""["getstats", "PC_0", {"timestamp": 2000, "p1": {}, "r1": {"roundTripTime": 0.060}, "r2": {}}, 2000]""");

        var summary = summarizer.Summary();

        // Each report's value in each entry: 40, 50, 60, 50.
        Assert.That(summary.RttMeanMs, Is.EqualTo(50));
        Assert.That(summary.RttP95Ms, Is.EqualTo(60));
        Assert.That(summary.RttSource, Is.EqualTo(RttSources.RemoteInboundRtp));
        Assert.That(summarizer.Connections().Single().RttSource, Is.EqualTo(RttSources.RemoteInboundRtp));
    }

    [Test]
    public void FileWhoseSelectedPairGivesAnRtt_TakesOnlyThePair()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""
            ["getstats", "PC_0", {"timestamp": 1000,
              "T": {"type": "transport", "selectedCandidatePairId": "p1", "timestamp": 0},
              "p1": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.020, "timestamp": 0},
              "r1": {"type": "remote-inbound-rtp", "kind": "audio", "roundTripTime": 0.300, "timestamp": 0}}, 1000]
            """);
        // A second connection with only remote-inbound-rtp RTTs: the file has one source, so they do not count.
        summarizer.Add(FirefoxEntry.Replace("PC_0", "PC_1"));

        var summary = summarizer.Summary();

        Assert.That(summary.RttMeanMs, Is.EqualTo(20));
        Assert.That(summary.RttSource, Is.EqualTo(RttSources.CandidatePair));
        Assert.That(summarizer.Connections().Select(c => (c.Id, c.RttMeanMs is { } mean ? Math.Round(mean, 6) : (double?)null, c.RttSource)),
            Is.EqualTo(new (string, double?, string?)[] { ("PC_0", 20, RttSources.CandidatePair), ("PC_1", null, null) }));
    }

    [Test]
    public void FileWithLegacyStatsOnly_TakesTheActiveGoogCandidatePairsRtt()
    {
        // Chrome's googXxx stats: googRtt in ms, as text; only the active pair counts.
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""
            ["getstats", "PC_1", {"timestamp": 1000,
              "Conn-0": {"type": "googCandidatePair", "googRtt": "48", "googActiveConnection": "true", "timestamp": 0},
              "Conn-1": {"type": "googCandidatePair", "googRtt": "3000", "googActiveConnection": "false", "timestamp": 0},
              "r1": {"type": "remote-inbound-rtp", "kind": "audio", "roundTripTime": 0.300, "timestamp": 0}}, 1000]
            """);
        summarizer.Add("""["getstats", "PC_1", {"timestamp": 2000, "Conn-0": {"googRtt": "38"}, "Conn-1": {}, "r1": {}}, 2000]""");

        Assert.That(summarizer.Summary().RttMeanMs, Is.EqualTo(43));
        Assert.That(summarizer.Summary().RttSource, Is.EqualTo(RttSources.LegacyCandidatePair));
    }

    [Test]
    public void FileWithoutAnyRtt_HasNoRttSource()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""["getstats", "PC_0", {"timestamp": 1000, "i": {"type": "inbound-rtp", "kind": "audio", "jitter": 0.01, "timestamp": 0}}, 1000]""");

        Assert.That(summarizer.Summary().RttMeanMs, Is.Null);
        Assert.That(summarizer.Summary().RttSource, Is.Null);
    }
}
