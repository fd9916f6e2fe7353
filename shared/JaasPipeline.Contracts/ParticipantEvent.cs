namespace JaasPipeline.Contracts;

/// <summary>What JaaS tells about a participant whose presence changed, in the meeting or in its lobby.</summary>
public abstract record ParticipantEvent : JaasEvent
{
    /// <summary>Whether the participant is a moderator; JaaS sends a boolean or the string "true"/"false".</summary>
    public bool? Moderator { get; init; }

    /// <summary>The participant's full name.</summary>
    public string? Name { get; init; }

    /// <summary>The participant's group affiliation.</summary>
    public string? Group { get; init; }

    public string? Email { get; init; }

    /// <summary>The <c>userId</c> from the JWT (sent as <c>id</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>The participant's XMPP (prosody) JID.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure (meeting, events, webhooks).</summary>
    public string? ParticipantId { get; init; }

    /// <summary>The participant's avatar URL.</summary>
    public string? Avatar { get; init; }

    /// <summary>Whether the event happened in a breakout room.</summary>
    public bool? IsBreakout { get; init; }

    /// <summary>The breakout room, when <see cref="IsBreakout"/>.</summary>
    public string? BreakoutRoomId { get; init; }

    /// <summary>Sent as <c>hidden-from-recorder</c> in the lobby examples; not described by the reference.</summary>
    public bool? HiddenFromRecorder { get; init; }
}
