namespace JaasPipeline.Analytics.Gaps;

/// <summary>Everything the analytics service knows that bears on one meeting's gaps, in no particular order.</summary>
public sealed record MeetingEvidence(
    IReadOnlyList<GapEvent> Events, IReadOnlyList<LostArtifact> LostArtifacts, IReadOnlyList<StatisticsFileOutcome> StatisticsFiles)
{
    public static readonly MeetingEvidence None = new([], [], []);
}
