namespace JaasPipeline.Analytics.Gaps;

/// <summary>A meeting's gaps at one instant, and the next instant at which a window closes (null: time alone changes nothing).</summary>
public sealed record GapEvaluation(IReadOnlyList<FoundGap> Gaps, DateTimeOffset? NextWindowEndsAt);
