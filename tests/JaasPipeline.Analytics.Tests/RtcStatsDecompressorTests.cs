using System.Text.Json;
using JaasPipeline.Analytics.Quality;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The getstats decompression, entry by entry on hand-built deltas (the JaaS reference's decompress routine).</summary>
public sealed class RtcStatsDecompressorTests
{
    private const string First = """
        {"timestamp": 1000,
         "CP1": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.05, "timestamp": 0},
         "IT1": {"type": "inbound-rtp", "kind": "audio", "packetsReceived": 100, "packetsLost": 1, "jitter": 0.01, "timestamp": 0},
         "T1": {"type": "transport", "selectedCandidatePairId": "CP1", "timestamp": 999}}
        """;

    [Test]
    public void FirstEntry_TakesEveryReportWhole_AndZeroTimestampsTakeTheEntrysTime()
    {
        var state = Apply(new RtcStatsDecompressor(), "PC_0", First, 5);

        Assert.That(state.Keys, Is.EquivalentTo(new[] { "CP1", "IT1", "T1" }));
        Assert.That(state["CP1"]["timestamp"], Is.EqualTo(1000d));
        Assert.That(state["IT1"]["packetsReceived"], Is.EqualTo(100d));
        Assert.That(state["T1"]["timestamp"], Is.EqualTo(999d), "a report's own non-zero time is kept");
        Assert.That(state["T1"]["selectedCandidatePairId"], Is.EqualTo("CP1"));
    }

    [Test]
    public void ChangedField_IsUpdated_AndOmittedUnchangedFieldsTypeIncludedAreKept()
    {
        var decompressor = new RtcStatsDecompressor();
        Apply(decompressor, "PC_0", First, 5);

        var state = Apply(decompressor, "PC_0", """{"timestamp": 2000, "CP1": {"currentRoundTripTime": 0.07, "timestamp": 0}, "IT1": {"packetsReceived": 150}, "T1": {}}""", 6);

        Assert.That(state["CP1"]["currentRoundTripTime"], Is.EqualTo(0.07));
        Assert.That(state["CP1"]["type"], Is.EqualTo("candidate-pair"));
        Assert.That(state["CP1"]["state"], Is.EqualTo("succeeded"));
        Assert.That(state["IT1"]["packetsReceived"], Is.EqualTo(150d));
        Assert.That(state["IT1"]["packetsLost"], Is.EqualTo(1d));
        Assert.That(state["IT1"]["type"], Is.EqualTo("inbound-rtp"));
        Assert.That(state["IT1"]["timestamp"], Is.EqualTo(2000d), "a merged report takes the entry's time");
        Assert.That(state["T1"]["selectedCandidatePairId"], Is.EqualTo("CP1"));
    }

    [Test]
    public void ReportAbsentFromTheNextEntry_IsRemoved()
    {
        var decompressor = new RtcStatsDecompressor();
        Apply(decompressor, "PC_0", First, 5);

        var state = Apply(decompressor, "PC_0", """{"timestamp": 2000, "CP1": {}, "T1": {}}""", 6);

        Assert.That(state.Keys, Is.EquivalentTo(new[] { "CP1", "T1" }));
    }

    [Test]
    public void NewReportInALaterEntry_IsTakenWhole_ItsZeroTimestampTakingTheEntrysTime()
    {
        var decompressor = new RtcStatsDecompressor();
        Apply(decompressor, "PC_0", First, 5);

        var state = Apply(decompressor, "PC_0", """
            {"timestamp": 3000, "CP1": {}, "IT1": {}, "T1": {},
             "IT2": {"type": "inbound-rtp", "kind": "video", "packetsReceived": 7, "packetsLost": 0, "timestamp": 0}}
            """, 6);

        Assert.That(state["IT2"]["kind"], Is.EqualTo("video"));
        Assert.That(state["IT2"]["packetsReceived"], Is.EqualTo(7d));
        Assert.That(state["IT2"]["timestamp"], Is.EqualTo(3000d));
    }

    [Test]
    public void EntryWithoutItsOwnTimestamp_UsesTheLinesEpoch()
    {
        var state = Apply(new RtcStatsDecompressor(), "PC_0", """{"CP1": {"type": "candidate-pair", "timestamp": 0}}""", 4242);

        Assert.That(state["CP1"]["timestamp"], Is.EqualTo(4242d));
    }

    [Test]
    public void Connections_KeepSeparateStates()
    {
        var decompressor = new RtcStatsDecompressor();
        Apply(decompressor, "PC_0", First, 5);

        var other = Apply(decompressor, "PC_1", """{"timestamp": 1500, "X": {"type": "transport", "timestamp": 0}}""", 6);
        var first = Apply(decompressor, "PC_0", """{"timestamp": 2000, "CP1": {}, "IT1": {}, "T1": {}}""", 7);

        Assert.That(other.Keys, Is.EquivalentTo(new[] { "X" }));
        Assert.That(first.Keys, Is.EquivalentTo(new[] { "CP1", "IT1", "T1" }));
    }

    [Test]
    public void SwitchOfTheSelectedPair_SamplesTheNewPairsRoundTripTimeOnly()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""
            ["getstats", "PC_0", {"timestamp": 1000,
              "A": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.010, "timestamp": 0},
              "B": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.500, "timestamp": 0},
              "T": {"type": "transport", "selectedCandidatePairId": "A", "timestamp": 0}}, 1000, 1]
            """);
        // The transport switches to B; A's round trip changes too, but A no longer counts.
        summarizer.Add("""["getstats", "PC_0", {"timestamp": 2000, "A": {"currentRoundTripTime": 0.900}, "B": {}, "T": {"selectedCandidatePairId": "B"}}, 2000, 2]""");
        // B is unchanged (its fields omitted): its round trip is sampled again at its kept value.
        summarizer.Add("""["getstats", "PC_0", {"timestamp": 3000, "A": {}, "B": {}, "T": {}}, 3000]""");

        var summary = summarizer.Summary();

        Assert.That(summary.RttMeanMs, Is.EqualTo(337), "(10 + 500 + 500) / 3 ms, whole");
        Assert.That(summary.RttP95Ms, Is.EqualTo(500));
        Assert.That(summary.DurationMs, Is.EqualTo(2000), "2 s, in ms");
    }

    [Test]
    public void WithoutATransportNamingAPair_TheNominatedSucceededPairCounts()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""
            ["getstats", "PC_0", {"timestamp": 1000,
              "A": {"type": "candidate-pair", "state": "in-progress", "nominated": false, "currentRoundTripTime": 0.3, "timestamp": 0},
              "B": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.02, "timestamp": 0}}, 1000, 1]
            """);

        Assert.That(summarizer.Summary().RttMeanMs, Is.EqualTo(20));
    }

    [Test]
    public void MalformedLines_AreCountedAndSkipped()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("not json");
        summarizer.Add("""{"an": "object"}""");
        summarizer.Add("""["getstats", "PC_0", "not an object", 1000]""");
        summarizer.Add("""["getstats", "PC_0", {"timestamp": 1000}""");
        summarizer.Add("""["identity", null, {"displayName": "x"}, 1000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "disconnected", 1100, 3]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "connected", 1200]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_1", "failed", 1300, 5]""");

        var summary = summarizer.Summary();

        Assert.That(summary.MalformedLines, Is.EqualTo(4));
        Assert.That(summary.IceReconnects, Is.EqualTo(1));
        Assert.That(summary.IceFailed, Is.True);
    }

    [Test]
    public void NearestRank_IsTheSmallestSampleWithAtLeastThePercentAtOrBelowIt()
    {
        Assert.That(CallQualitySummarizer.NearestRank([15, 20, 35, 40, 50], 95), Is.EqualTo(50));
        Assert.That(CallQualitySummarizer.NearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 95), Is.EqualTo(19));
        Assert.That(CallQualitySummarizer.NearestRank([7], 95), Is.EqualTo(7));
    }

    private static IReadOnlyDictionary<string, Dictionary<string, object?>> Apply(RtcStatsDecompressor decompressor, string connection, string json, double epochMs)
    {
        using var document = JsonDocument.Parse(json);
        return decompressor.Apply(connection, document.RootElement, epochMs);
    }
}
