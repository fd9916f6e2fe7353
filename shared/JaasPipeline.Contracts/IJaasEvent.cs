namespace JaasPipeline.Contracts;

/// <summary>
/// The envelope of any JaaS event, as a message type: a consumer of <see cref="IJaasEvent"/> receives every event,
/// whatever its concrete record (MassTransit publishes to each interface a message implements).
/// </summary>
public interface IJaasEvent
{
    string IdempotencyKey { get; }
    string? CustomerId { get; }
    string? AppId { get; }
    string EventType { get; }
    string SessionId { get; }
    DateTimeOffset Timestamp { get; }
    string Fqn { get; }
    string FqnAppId { get; }
    string RoomName { get; }
}
