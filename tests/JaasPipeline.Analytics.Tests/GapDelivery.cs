using JaasPipeline.Analytics.Gaps;

namespace JaasPipeline.Analytics.Tests;

/// <summary>One generated meeting's gap evidence, the same evidence as delivered (any order, repeats under new keys), and an instant to evaluate at.</summary>
public sealed record GapDelivery(MeetingEvidence Evidence, MeetingEvidence Delivered, DateTimeOffset Now, int Seed)
{
    public override string ToString() => $"seed {Seed}, now {Now:O}, {Evidence.Events.Count} events";
}
