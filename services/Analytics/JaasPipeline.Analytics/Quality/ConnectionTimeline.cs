namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// One connection (PC_0, PC_1, …) of a statistics file as its entries arrive: its connection states
/// (<c>onconnectionstatechange</c>), its ICE states (<c>oniceconnectionstatechange</c>) and the sums of its round-trip
/// times per source. Reconnects and failure come from the connection states, as Jitsi's StatsAggregator takes them: in
/// real files the ICE state stays <c>connected</c> through a reconnect that the connection state shows. The ICE state
/// stands in only for a connection with no connection-state entry at all (a browser without <c>connectionState</c>).
/// </summary>
internal sealed class ConnectionTimeline(string id)
{
    private string? connectionState;
    private bool everConnected;
    private int connectionStateReconnects;
    private bool connectionStateFailed;
    private string? iceState;
    private int iceReconnects;
    private bool iceFailed;
    private readonly Dictionary<string, (double SumMs, long Count)> rtts = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    public bool HasConnectionStates { get; private set; }

    public bool HasIceStates { get; private set; }

    /// <summary>Reconnects: from the connection states if the connection has any, else from the ICE states.</summary>
    public int Reconnects => HasConnectionStates ? connectionStateReconnects : iceReconnects;

    /// <summary>Failed: the connection state was ever <c>failed</c>; without connection states, the ICE state.</summary>
    public bool Failed => HasConnectionStates ? connectionStateFailed : iceFailed;

    /// <summary>
    /// A reconnect is the connection state entering <c>connected</c> again after having been connected and having left
    /// it (disconnected, failed, …). The peer counts every <c>connected</c> entry but the first; the browser fires the
    /// event on a change only, so the two agree, and a repeated entry (a duplicated line) does not count here.
    /// </summary>
    public void ConnectionState(string state)
    {
        HasConnectionStates = true;
        if (state == "connected")
        {
            if (everConnected && connectionState != "connected")
            {
                connectionStateReconnects++;
            }

            everConnected = true;
        }

        if (state == "failed")
        {
            connectionStateFailed = true;
        }

        connectionState = state;
    }

    /// <summary>A reconnect is ICE coming back to connected/completed after disconnected or failed; failed is failed at any point.</summary>
    public void IceState(string state)
    {
        HasIceStates = true;
        if (state is "connected" or "completed" && iceState is "disconnected" or "failed")
        {
            iceReconnects++;
        }

        if (state == "failed")
        {
            iceFailed = true;
        }

        iceState = state;
    }

    /// <summary>One RTT sample of <paramref name="source"/> (<see cref="RttSources"/>).</summary>
    public void Rtt(string source, double rttMs)
    {
        var (sum, count) = rtts.GetValueOrDefault(source);
        rtts[source] = (sum + rttMs, count + 1);
    }

    /// <summary>The connection's figures, its RTT from <paramref name="rttSource"/> (the file's one source).</summary>
    public ConnectionQuality Quality(string? rttSource)
    {
        var (sum, count) = rttSource is null ? default : rtts.GetValueOrDefault(rttSource);
        return new ConnectionQuality(
            Id,
            Reconnects,
            Failed,
            HasConnectionStates ? ConnectionQuality.FromConnectionState : HasIceStates ? ConnectionQuality.FromIceState : null,
            count == 0 ? null : sum / count,
            count == 0 ? null : rttSource);
    }
}
