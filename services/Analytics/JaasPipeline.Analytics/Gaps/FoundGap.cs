namespace JaasPipeline.Analytics.Gaps;

/// <summary>A gap as the rules find it: its kind, which one of that kind (<paramref name="Subject"/>, the record's key), and its evidence.</summary>
public sealed record FoundGap(string Kind, string Subject, GapDetail Detail);
