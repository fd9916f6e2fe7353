namespace JaasPipeline.Ingress.Outbox;

/// <summary>A delivery that passed authentication and validation, about to be committed.</summary>
/// <remarks><see cref="TraceParent"/>/<see cref="TraceState"/>: the W3C trace context of its intake, when traced.</remarks>
public sealed record IncomingDelivery(
    string IdempotencyKey, string EventType, string SessionId, byte[] Body, byte[] BodySha256, long ReceivedAt,
    string? TraceParent = null, string? TraceState = null) : IntakeWrite;
