namespace JaasPipeline.Contracts;

/// <summary>One reaction of AGGREGATED_REACTIONS.</summary>
public sealed record ReactionEntry
{
    /// <summary>The <c>userId</c> from the JWT.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The <c>name</c> from the JWT.</summary>
    public string? ParticipantName { get; init; }

    /// <summary>When the reaction happened.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>e.g. "like".</summary>
    public string? Reaction { get; init; }
}
