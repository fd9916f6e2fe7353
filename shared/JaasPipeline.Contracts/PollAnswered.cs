namespace JaasPipeline.Contracts;

/// <summary>A participant answered a poll (POLL_ANSWER).</summary>
public sealed record PollAnswered : JaasEvent
{
    public string? PollId { get; init; }

    /// <summary>Every answer, each with whether this user checked it.</summary>
    public IReadOnlyList<PollAnswerOption> Answers { get; init; } = [];

    /// <summary>Who answered.</summary>
    public PollUser? User { get; init; }

    /// <summary>Whether the event happened in a breakout room.</summary>
    public bool? IsBreakout { get; init; }

    /// <summary>The breakout room, when <see cref="IsBreakout"/>.</summary>
    public string? BreakoutRoomId { get; init; }
}
