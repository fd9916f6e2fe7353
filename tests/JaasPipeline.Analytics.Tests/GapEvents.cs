using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The JaaS events of the gap rules, for one meeting, each under a fresh idempotency key.</summary>
public sealed class GapEvents(string sessionId, string fqn = "app1/gap-room")
{
    public string SessionId { get; } = sessionId;

    public static GapEvents NewMeeting() => new("gap-" + Guid.NewGuid().ToString("N"));

    public RoomCreated RoomCreated(DateTimeOffset at, bool breakout = false) =>
        Envelope(new RoomCreated { IsBreakout = breakout }, JaasEventTypes.RoomCreated, at);

    public RoomDestroyed RoomDestroyed(DateTimeOffset at, bool breakout = false) =>
        Envelope(new RoomDestroyed { IsBreakout = breakout }, JaasEventTypes.RoomDestroyed, at);

    public ParticipantJoined Joined(string participantId, DateTimeOffset at, string? name = null) =>
        Envelope(new ParticipantJoined { ParticipantId = participantId, Name = name }, JaasEventTypes.ParticipantJoined, at);

    public ParticipantLeft Left(string participantId, DateTimeOffset at) =>
        Envelope(new ParticipantLeft { ParticipantId = participantId, DisconnectReason = "left" }, JaasEventTypes.ParticipantLeft, at);

    public RecordingEnded RecordingEnded(DateTimeOffset at) => Envelope(new RecordingEnded(), JaasEventTypes.RecordingEnded, at);

    public RecordingUploaded RecordingUploaded(DateTimeOffset at, string recordingSessionId = "rec-1") =>
        Envelope(new RecordingUploaded { RecordingSessionId = recordingSessionId }, JaasEventTypes.RecordingUploaded, at);

    public TranscriptionChunkReceived Chunk(DateTimeOffset at) =>
        Envelope(new TranscriptionChunkReceived { Final = "hello", Language = "en", MessageId = Guid.NewGuid().ToString() }, JaasEventTypes.TranscriptionChunkReceived, at);

    public TranscriptionUploaded TranscriptionUploaded(DateTimeOffset at) =>
        Envelope(new TranscriptionUploaded(), JaasEventTypes.TranscriptionUploaded, at);

    public ArtifactLost Lost(string kind, string reason, DateTimeOffset eventAt) => new()
    {
        ArtifactId = Guid.NewGuid(),
        Kind = kind,
        EventType = kind == ArtifactKinds.Recording ? JaasEventTypes.RecordingUploaded : JaasEventTypes.TranscriptionUploaded,
        IdempotencyKey = Guid.NewGuid().ToString(),
        SessionId = SessionId,
        Fqn = fqn,
        EventTimestamp = eventAt,
        LinkExpiresAt = eventAt.AddHours(24),
        Reason = reason,
    };

    private T Envelope<T>(T message, string eventType, DateTimeOffset at) where T : JaasEvent =>
        message with
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            EventType = eventType,
            SessionId = SessionId,
            Fqn = fqn,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()),
        };
}
