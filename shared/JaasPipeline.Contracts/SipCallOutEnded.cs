namespace JaasPipeline.Contracts;

/// <summary>A SIP call-out ended (SIP_CALL_OUT_ENDED).</summary>
public sealed record SipCallOutEnded : JaasEvent
{
    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }
}
