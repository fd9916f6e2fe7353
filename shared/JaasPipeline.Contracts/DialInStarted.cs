namespace JaasPipeline.Contracts;

/// <summary>A phone participant dialled in (DIAL_IN_STARTED).</summary>
public sealed record DialInStarted : JaasEvent
{
    /// <summary>"in".</summary>
    public string? Direction { get; init; }

    /// <summary>The phone number that identifies the caller.</summary>
    public string? Nick { get; init; }

    /// <summary>Unique id of the dial participant.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }
}
