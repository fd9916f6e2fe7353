namespace JaasPipeline.Analytics.Reports;

/// <summary>
/// One participant's call quality, summarized from the statistics file behind RTCSTATS_UPLOADED. Figures are null
/// when the file had nothing to compute them from.
/// </summary>
public sealed record CallQuality
{
    /// <summary>The <c>userId</c> from the JWT (the event's <c>participantId</c>).</summary>
    public string? ParticipantId { get; init; }

    public string? Name { get; init; }

    public string? EndpointId { get; init; }

    /// <summary>Mean of the selected candidate pair's <c>currentRoundTripTime</c> over the getstats samples, in whole ms.</summary>
    public long? RttMeanMs { get; init; }

    /// <summary>95th percentile (nearest rank) of the same samples, in whole ms.</summary>
    public long? RttP95Ms { get; init; }

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

    /// <summary>ICE connection states that went from disconnected back to connected/completed.</summary>
    public int IceReconnects { get; init; }

    /// <summary>Whether any connection's ICE state became <c>failed</c>.</summary>
    public bool IceFailed { get; init; }

    /// <summary>Lines of the file that were not a well-formed entry: counted and skipped.</summary>
    public int MalformedLines { get; init; }
}
