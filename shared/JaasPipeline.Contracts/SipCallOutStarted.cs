namespace JaasPipeline.Contracts;

/// <summary>A SIP call-out started (SIP_CALL_OUT_STARTED).</summary>
public sealed record SipCallOutStarted : JaasEvent
{
    /// <summary>The SIP address of the callee.</summary>
    public string? SipAddress { get; init; }

    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The callee's name, usually the SIP address's user name.</summary>
    public string? Nick { get; init; }
}
