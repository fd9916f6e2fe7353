using JaasPipeline.Analytics.Reports;

namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// A summary as <c>analytics_call_quality</c> stores it: the units of its columns (rtt_ms_mean, packet_loss_percent,
/// duration_seconds, from before docs/api.md §4), converted here, in one place, to and from <see cref="CallQuality"/>.
/// A row that was not read (pending, missing, failed) reads back with every figure null: its count columns hold their
/// defaults (0), not counts.
/// </summary>
public sealed record CallQualityRow
{
    public string? ParticipantId { get; init; }
    public string? Name { get; init; }
    public string? EndpointId { get; init; }
    public double? RttMsMean { get; init; }
    public double? RttMsP95 { get; init; }
    public double? JitterMsMean { get; init; }
    public double? PacketLossPercent { get; init; }
    public double? InboundKbps { get; init; }
    public double? OutboundKbps { get; init; }
    public double? DurationSeconds { get; init; }
    public int IceReconnects { get; init; }
    public bool IceFailed { get; init; }
    public int MalformedLines { get; init; }
    public string? RttSource { get; init; }
    public string? Status { get; init; }
    public string? Reason { get; init; }
    public string? Sha256 { get; init; }

    public static CallQualityRow From(CallQuality summary) => new()
    {
        RttMsMean = summary.RttMeanMs,
        RttMsP95 = summary.RttP95Ms,
        JitterMsMean = summary.JitterMeanMs,
        PacketLossPercent = summary.PacketLossRatio * 100,
        InboundKbps = summary.InboundKbps,
        OutboundKbps = summary.OutboundKbps,
        DurationSeconds = summary.DurationMs / 1000.0,
        IceReconnects = summary.IceReconnects ?? 0,
        IceFailed = summary.IceFailed ?? false,
        MalformedLines = summary.MalformedLines ?? 0,
        RttSource = summary.RttSource,
    };

    public CallQuality ToCallQuality() => CallQualityStatuses.HasFigures(Status)
        ? new()
        {
            ParticipantId = ParticipantId,
            Name = Name,
            EndpointId = EndpointId,
            Status = Status!,
            Reason = Status == CallQualityStatuses.Done ? null : Reason,
            RttMeanMs = WholeMs(RttMsMean),
            RttP95Ms = WholeMs(RttMsP95),
            RttSource = RttSource,
            JitterMeanMs = WholeMs(JitterMsMean),
            // Rows written before the ratio carry 3 decimals of a percentage: 5 of a ratio, and no float noise.
            PacketLossRatio = PacketLossPercent is { } percent ? Math.Round(percent / 100, 6) : null,
            InboundKbps = InboundKbps,
            OutboundKbps = OutboundKbps,
            DurationMs = WholeMs(DurationSeconds * 1000),
            IceReconnects = IceReconnects,
            IceFailed = IceFailed,
            MalformedLines = MalformedLines,
        }
        : new()
        {
            ParticipantId = ParticipantId,
            Name = Name,
            EndpointId = EndpointId,
            Status = Status ?? CallQualityStatuses.Pending,
            Reason = Reason,
        };

    private static long? WholeMs(double? milliseconds) =>
        milliseconds is { } value ? (long)Math.Round(value, MidpointRounding.AwayFromZero) : null;
}
