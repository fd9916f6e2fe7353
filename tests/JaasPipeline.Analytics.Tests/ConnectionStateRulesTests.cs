using JaasPipeline.Analytics.Quality;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Reconnects and failure come from the connection states (<c>onconnectionstatechange</c>), as Jitsi's extractor takes
/// them; the ICE state stands in only for a connection with no connection-state entry (issue 23).
/// </summary>
public sealed class ConnectionStateRulesTests
{
    [Test]
    public void ConnectionStatesThatReconnectTwiceThenFail_AreTwoReconnectsAndFailed_WhileIceStaysConnected()
    {
        // The states of chrome-standard-pc-reconnect's PC_0: ICE connected throughout.
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "checking", 1000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "connected", 1100]""");
        foreach (var (state, at) in new[] { ("connecting", 1000), ("connected", 1200), ("disconnected", 2000), ("connected", 3000), ("disconnected", 4000), ("connected", 5000), ("failed", 6000) })
        {
            summarizer.Add($"""["onconnectionstatechange", "PC_0", "{state}", {at}]""");
        }

        var summary = summarizer.Summary();
        var connection = summarizer.Connections().Single();

        Assert.That(summary.IceReconnects, Is.EqualTo(2));
        Assert.That(summary.IceFailed, Is.True);
        Assert.That(connection, Is.EqualTo(new ConnectionQuality("PC_0", 2, true, ConnectionQuality.FromConnectionState, null, null)));
    }

    [Test]
    public void ConnectionFailedWhileIceOnlyDisconnected_IsFailed()
    {
        // chrome-standard-pc-failed's pre-call test connections: ICE disconnected, the connection failed.
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""["oniceconnectionstatechange", "PC_1", "checking", 1000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "connecting", 1000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_1", "disconnected", 2000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "failed", 2000]""");

        Assert.That(summarizer.Summary().IceFailed, Is.True);
        Assert.That(summarizer.Summary().IceReconnects, Is.Zero);
    }

    [Test]
    public void IceFlipsOfAConnectionWithConnectionStates_AreNotCounted()
    {
        // ICE failed then connected again, while the connection state never left connected: the connection state rules.
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""["onconnectionstatechange", "PC_0", "connected", 1000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "failed", 2000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "connected", 3000]""");

        Assert.That(summarizer.Summary().IceReconnects, Is.Zero);
        Assert.That(summarizer.Summary().IceFailed, Is.False);
    }

    [Test]
    public void ConnectionWithoutConnectionStates_TakesItsIceStates_AndConnectionsAddUp()
    {
        var summarizer = new CallQualitySummarizer();
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "connected", 1000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "disconnected", 2000]""");
        summarizer.Add("""["oniceconnectionstatechange", "PC_0", "completed", 3000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "connected", 1000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "disconnected", 2000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "connected", 3000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "connected", 3001]"""); // a repeated entry is no change

        var connections = summarizer.Connections();

        Assert.That(connections.Select(c => (c.Id, c.Reconnects, c.Failed, c.StateSource)), Is.EqualTo(new[]
        {
            ("PC_0", 1, false, ConnectionQuality.FromIceState),
            ("PC_1", 1, false, ConnectionQuality.FromConnectionState),
        }));
        Assert.That(summarizer.Summary().IceReconnects, Is.EqualTo(2));
    }

    [Test]
    public void ConnectionStateEntryOfAConnectionBeyondTheCap_IsSkippedAndCounted()
    {
        var summarizer = new CallQualitySummarizer(StatisticsFileLimits.Default with { MaxConnections = 1 });
        summarizer.Add("""["onconnectionstatechange", "PC_0", "connected", 1000]""");
        summarizer.Add("""["onconnectionstatechange", "PC_1", "failed", 1000]""");

        Assert.That(summarizer.Summary().IceFailed, Is.False);
        Assert.That(summarizer.LimitsReached(), Has.One.Contains("1 entries of connections beyond Analytics:QualityMaxConnections (1) skipped"));
    }
}
