namespace JaasPipeline.Contracts;

/// <summary>How long each participant spoke (SPEAKER_STATS).</summary>
public sealed record SpeakerStatsReported : JaasEvent
{
    /// <summary>One entry per participant, from the map keyed by full JID.</summary>
    public IReadOnlyList<SpeakerStat> Speakers { get; init; } = [];
}
