namespace JaasPipeline.Contracts;

/// <summary>A participant left the lobby (PARTICIPANT_LEFT_LOBBY).</summary>
public sealed record ParticipantLeftLobby : ParticipantEvent
{
    /// <summary>Why the participant left: "left" or "kicked".</summary>
    public string? DisconnectReason { get; init; }
}
