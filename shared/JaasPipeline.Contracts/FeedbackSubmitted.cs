namespace JaasPipeline.Contracts;

/// <summary>A participant submitted feedback (FEEDBACK).</summary>
public sealed record FeedbackSubmitted : JaasEvent
{
    /// <summary>1 to 5, or -1 when not given.</summary>
    public int? Rating { get; init; }

    public string? Comments { get; init; }

    /// <summary>The <c>userId</c> from the JWT.</summary>
    public string? UserId { get; init; }
}
