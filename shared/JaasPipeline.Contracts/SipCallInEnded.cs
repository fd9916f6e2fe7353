namespace JaasPipeline.Contracts;

/// <summary>A SIP call-in ended (SIP_CALL_IN_ENDED).</summary>
public sealed record SipCallInEnded : JaasEvent
{
    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }
}
