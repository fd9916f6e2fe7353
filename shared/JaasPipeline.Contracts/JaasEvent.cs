namespace JaasPipeline.Contracts;

/// <summary>The envelope every JaaS webhook delivery shares (docs/jaas-reference.md, Payload).</summary>
/// <remarks>
/// Properties are init-only with defaults rather than <c>required</c> so that System.Text.Json (and MassTransit)
/// can rebuild any concrete event, and so that <see cref="JaasEventParser"/> can set the envelope once for all types.
/// </remarks>
public abstract record JaasEvent : IJaasEvent
{
    /// <summary>Identifies one delivery: a redelivery carries the same key. Opaque text, not always a valid GUID.</summary>
    public string IdempotencyKey { get; init; } = "";

    /// <summary>The JaaS tenant; optional in the body.</summary>
    public string? CustomerId { get; init; }

    /// <summary>The JaaS AppID as sent; some reference examples omit it (use <see cref="FqnAppId"/> instead).</summary>
    public string? AppId { get; init; }

    /// <summary>The <c>eventType</c> exactly as sent, e.g. <c>ROOM_CREATED</c>.</summary>
    public string EventType { get; init; } = "";

    /// <summary>The meeting session the event belongs to.</summary>
    public string SessionId { get; init; } = "";

    /// <summary>When it happened (UTC). docs/jaas-reference.md, Delivery: delivery order is not guaranteed; this is the source of truth.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The meeting's fully qualified name, <c>[AppID]/[room name]</c>.</summary>
    public string Fqn { get; init; } = "";

    /// <summary>The AppID part of <see cref="Fqn"/> (before the first '/'); the whole fqn if it has no '/'.</summary>
    public string FqnAppId => JaasFqn.AppId(Fqn);

    /// <summary>The room part of <see cref="Fqn"/> (after the first '/'); empty if it has no '/'.</summary>
    public string RoomName => JaasFqn.RoomName(Fqn);
}
