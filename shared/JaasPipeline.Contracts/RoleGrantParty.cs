namespace JaasPipeline.Contracts;

/// <summary>One side of a ROLE_CHANGED grant.</summary>
public sealed record RoleGrantParty
{
    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }
}
