namespace JaasPipeline.Contracts;

/// <summary>A participant left the meeting (PARTICIPANT_LEFT).</summary>
public sealed record ParticipantLeft : ParticipantEvent
{
    /// <summary>Why the participant left: "left", "kicked", "unknown" (connection issue), "switch_room" (into or out of a breakout room) or "unrecoverable_error".</summary>
    public string? DisconnectReason { get; init; }
}
