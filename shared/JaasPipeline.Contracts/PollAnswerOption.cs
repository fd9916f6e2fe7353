namespace JaasPipeline.Contracts;

/// <summary>One answer of a poll.</summary>
public sealed record PollAnswerOption
{
    public int? Key { get; init; }

    /// <summary>The answer text.</summary>
    public string? Name { get; init; }

    /// <summary>POLL_ANSWER only: whether the user checked this answer (sent as <c>value</c>).</summary>
    public bool? Checked { get; init; }
}
