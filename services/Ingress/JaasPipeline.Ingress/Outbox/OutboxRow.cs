namespace JaasPipeline.Ingress.Outbox;

/// <summary>An outbox row claimed by a relay.</summary>
/// <remarks>
/// <see cref="ReplayQueue"/> is set on a row replayed to one consumer's queue only; <see cref="TraceParent"/> and
/// <see cref="TraceState"/> hold the trace context of the request that delivered it (null if untraced). Dapper maps
/// the claim's columns onto this constructor by name and position: keep them in this order.
/// </remarks>
public sealed record OutboxRow(
    long Id, string IdempotencyKey, string EventType, byte[] Body, string? ReplayQueue = null, string? TraceParent = null, string? TraceState = null);
