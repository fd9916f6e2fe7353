namespace JaasPipeline.Contracts;

/// <summary>A SIP call-in started (SIP_CALL_IN_STARTED).</summary>
public sealed record SipCallInStarted : JaasEvent
{
    /// <summary>The SIP address of the caller.</summary>
    public string? SipAddress { get; init; }

    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The caller's name, usually a readable caller id.</summary>
    public string? Nick { get; init; }
}
