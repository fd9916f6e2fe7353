namespace JaasPipeline.Contracts;

/// <summary>A participant entered the lobby (PARTICIPANT_JOINED_LOBBY).</summary>
public sealed record ParticipantJoinedLobby : ParticipantEvent;
