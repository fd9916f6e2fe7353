namespace JaasPipeline.Contracts;

/// <summary>Every reaction of the meeting, delivered after ROOM_DESTROYED (AGGREGATED_REACTIONS).</summary>
public sealed record ReactionsAggregated : JaasEvent
{
    public IReadOnlyList<ReactionEntry> Reactions { get; init; } = [];
}
