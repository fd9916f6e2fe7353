using JaasPipeline.Analytics.Quality;

namespace JaasPipeline.Analytics.Reports;

/// <summary>
/// One participant's call quality, summarized from the statistics file behind RTCSTATS_UPLOADED. Figures are null
/// when the file had nothing to compute them from, or was not summarized (<see cref="Status"/> says why).
/// </summary>
public sealed record CallQuality
{
    /// <summary>The <c>userId</c> from the JWT (the event's <c>participantId</c>).</summary>
    public string? ParticipantId { get; init; }

    public string? Name { get; init; }

    public string? EndpointId { get; init; }

    /// <summary>
    /// <c>done</c> (the whole file read), <c>limited</c> (part of it: a limit was reached), <c>pending</c> (not summarized
    /// yet), <c>missing</c> (not in the artifact store) or <c>failed</c> (unreadable): <see cref="CallQualityStatuses"/>.
    /// </summary>
    public string Status { get; init; } = CallQualityStatuses.Done;

    /// <summary>Why the figures are partial or absent: the limit reached, or the last attempt's error; null when done.</summary>
    public string? Reason { get; init; }

    /// <summary>Mean of the round-trip-time samples of <see cref="RttSource"/>, in whole ms.</summary>
    public long? RttMeanMs { get; init; }

    /// <summary>95th percentile (nearest rank) of the same samples, in whole ms.</summary>
    public long? RttP95Ms { get; init; }

    /// <summary>
    /// Where the RTT figures came from (<see cref="RttSources"/>), one source per file: <c>candidate-pair</c>, the
    /// selected pair's <c>currentRoundTripTime</c> at each getstats entry; else <c>goog-candidate-pair</c>, the legacy
    /// active pair's <c>googRtt</c> (Chrome's googXxx stats); else <c>remote-inbound-rtp</c>, each remote-inbound-rtp
    /// report's <c>roundTripTime</c> (Firefox); null when there is no RTT.
    /// </summary>
    public string? RttSource { get; init; }

    /// <summary>Mean of the inbound audio <c>jitter</c> samples, in whole ms.</summary>
    public long? JitterMeanMs { get; init; }

    /// <summary>Σ packetsLost / Σ (packetsReceived + packetsLost) over the inbound-rtp reports at their last values: 0 to 1.</summary>
    public double? PacketLossRatio { get; init; }

    /// <summary>Inbound bytes (inbound-rtp <c>bytesReceived</c>) over the time they were counted, in kbit/s.</summary>
    public double? InboundKbps { get; init; }

    /// <summary>Outbound bytes (outbound-rtp <c>bytesSent</c>) over the time they were counted, in kbit/s.</summary>
    public double? OutboundKbps { get; init; }

    /// <summary>From the first to the last getstats sample, in ms.</summary>
    public long? DurationMs { get; init; }

    /// <summary>
    /// Reconnects over the file's connections: each time a connection's state (<c>onconnectionstatechange</c>) is
    /// <c>connected</c> again after having left it; for a connection with no connection-state entry, its ICE state back
    /// to connected/completed after disconnected or failed.
    /// </summary>
    public int? IceReconnects { get; init; }

    /// <summary>Whether any connection's state was ever <c>failed</c> (its ICE state, for a connection with no connection-state entry).</summary>
    public bool? IceFailed { get; init; }

    /// <summary>Lines of the file that were not a well-formed entry: counted and skipped. Like the counts above, null when the file was not read.</summary>
    public int? MalformedLines { get; init; }
}
