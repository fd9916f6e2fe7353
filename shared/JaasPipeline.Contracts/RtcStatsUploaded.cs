namespace JaasPipeline.Contracts;

/// <summary>A participant's WebRTC statistics file is ready (RTCSTATS_UPLOADED).</summary>
public sealed record RtcStatsUploaded : JaasEvent
{
    /// <summary>Download URL of the gzip statistics file; docs/jaas-reference.md, Download links: valid for 48 hours.</summary>
    public string? StatsUrl { get; init; }

    /// <summary>The <c>userId</c> from the JWT.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The <c>name</c> from the JWT.</summary>
    public string? ParticipantName { get; init; }

    /// <summary>The participant's XMPP endpoint id.</summary>
    public string? EndpointId { get; init; }
}
