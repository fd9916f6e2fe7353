namespace JaasPipeline.Contracts;

/// <summary>A participant sent reactions within a short interval (REACTIONS).</summary>
public sealed record ReactionsSent : JaasEvent
{
    /// <summary>The <c>userId</c> from the JWT.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The participant's id on the XMPP server.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The <c>name</c> from the JWT.</summary>
    public string? ParticipantName { get; init; }

    /// <summary>e.g. "surprised".</summary>
    public IReadOnlyList<string> Reactions { get; init; } = [];
}
