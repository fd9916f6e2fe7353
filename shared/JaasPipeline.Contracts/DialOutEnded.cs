namespace JaasPipeline.Contracts;

/// <summary>A dialled-out phone call ended (DIAL_OUT_ENDED).</summary>
public sealed record DialOutEnded : JaasEvent
{
    /// <summary>Unique id of the dial participant.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }
}
