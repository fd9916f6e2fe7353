namespace JaasPipeline.Contracts;

/// <summary>A poll was created (POLL_CREATED).</summary>
public sealed record PollCreated : JaasEvent
{
    public string? PollId { get; init; }

    public string? Question { get; init; }

    /// <summary>The possible answers.</summary>
    public IReadOnlyList<PollAnswerOption> Answers { get; init; } = [];

    /// <summary>Who created the poll.</summary>
    public PollUser? User { get; init; }

    /// <summary>Whether the event happened in a breakout room.</summary>
    public bool? IsBreakout { get; init; }

    /// <summary>The breakout room, when <see cref="IsBreakout"/>.</summary>
    public string? BreakoutRoomId { get; init; }
}
