namespace JaasPipeline.Contracts;

/// <summary>A participant joined the meeting (PARTICIPANT_JOINED).</summary>
public sealed record ParticipantJoined : ParticipantEvent;
