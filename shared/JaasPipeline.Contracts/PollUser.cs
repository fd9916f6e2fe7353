namespace JaasPipeline.Contracts;

/// <summary>The participant who created or answered a poll.</summary>
public sealed record PollUser
{
    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The display name at that moment.</summary>
    public string? CurrentName { get; init; }

    /// <summary>The <c>userId</c> from the JWT (sent as <c>id</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>The <c>name</c> from the JWT.</summary>
    public string? Name { get; init; }

    /// <summary>The <c>email</c> from the JWT.</summary>
    public string? Email { get; init; }
}
