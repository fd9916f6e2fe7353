namespace JaasPipeline.Contracts;

/// <summary>The meeting dialled out to a phone (DIAL_OUT_STARTED).</summary>
public sealed record DialOutStarted : JaasEvent
{
    /// <summary>"out".</summary>
    public string? Direction { get; init; }

    /// <summary>The phone number that identifies the callee.</summary>
    public string? Nick { get; init; }

    /// <summary>Unique id of the dial participant.</summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The participant's id used across the whole infrastructure.</summary>
    public string? ParticipantId { get; init; }
}
