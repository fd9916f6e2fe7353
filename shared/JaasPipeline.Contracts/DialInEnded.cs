namespace JaasPipeline.Contracts;

/// <summary>A dialled-in phone participant hung up (DIAL_IN_ENDED).</summary>
public sealed record DialInEnded : JaasEvent
{
    /// <summary>Unique id of the dial participant.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }
}
