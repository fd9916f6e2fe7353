namespace JaasPipeline.Analytics.Quality;

/// <summary>Where a statistics file's round-trip times came from: the value of <c>rttSource</c>.</summary>
public static class RttSources
{
    /// <summary>The selected candidate pair's <c>currentRoundTripTime</c> (Chrome, Safari).</summary>
    public const string CandidatePair = "candidate-pair";

    /// <summary>
    /// The legacy (<c>googXxx</c>) stats Chrome sent until 2022: the active <c>googCandidatePair</c>'s <c>googRtt</c>, in ms
    /// (Jitsi's getRTTStandard reads it too).
    /// </summary>
    public const string LegacyCandidatePair = "goog-candidate-pair";

    /// <summary>
    /// The <c>roundTripTime</c> of the remote-inbound-rtp reports (RTCP receiver reports): Firefox's candidate pairs
    /// carry no <c>currentRoundTripTime</c>, and Jitsi's own extractor takes this one for Firefox (getRTTFirefox).
    /// </summary>
    public const string RemoteInboundRtp = "remote-inbound-rtp";

    /// <summary>
    /// The sources in the order a file takes them: the first one any entry of the file gave is the file's one source.
    /// The ICE-level RTT of the pair in use first (standard, then legacy); the RTCP-level one only without it.
    /// </summary>
    public static IReadOnlyList<string> ByPreference { get; } = [CandidatePair, LegacyCandidatePair, RemoteInboundRtp];
}
