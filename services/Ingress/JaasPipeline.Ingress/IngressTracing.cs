using System.Diagnostics;
using JaasPipeline.Ingress.Outbox;

namespace JaasPipeline.Ingress;

/// <summary>
/// The ingress's spans: the intake of a delivery (validation and the outbox commit) and the relay's publish of its row.
/// The intake's trace context is kept in the outbox row, so the publish (after the request was answered) joins the
/// request's trace, and MassTransit carries it on to the consumers. Nothing is allocated while no tracer listens.
/// </summary>
public static class IngressTracing
{
    public const string SourceName = "JaasPipeline.Ingress";

    /// <summary>A <c>tracestate</c> longer than this is not kept (the W3C limit a hop must propagate).</summary>
    public const int MaxTraceStateLength = 512;

    private const int TraceParentLength = 55;

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>The intake of one webhook delivery: authentication, validation and the outbox commit.</summary>
    internal static Activity? StartIntake() => Source.StartActivity("webhook intake");

    /// <summary>
    /// The <c>traceparent</c>/<c>tracestate</c> to store with a delivery: the intake span's; when tracing is on but the
    /// request was sampled out (the SDK creates no child under an unrecorded request), the request's own context,
    /// flagged "not sampled", so every later hop follows that decision instead of sampling again. Nothing when no
    /// tracer listens.
    /// </summary>
    internal static (string? TraceParent, string? TraceState) ContextOf(Activity? intake) =>
        (intake ?? (Source.HasListeners() ? Activity.Current : null)) is { IdFormat: ActivityIdFormat.W3C, Id.Length: TraceParentLength } traced
            ? (traced.Id, traced.TraceStateString is { Length: > 0 and <= MaxTraceStateLength } state ? state : null)
            : (null, null);

    /// <summary>
    /// The <c>MT-Activity-Id</c> a relayed message starts with: the relay's publish span, or the stored context when no
    /// span was recorded (a sampled-out delivery), so the consumers continue the request's trace, unsampled too.
    /// MassTransit replaces it with its send activity's id whenever it records one.
    /// </summary>
    internal static string? PropagatedParent(OutboxRow row) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id
        : ActivityContext.TryParse(row.TraceParent, null, out _) ? row.TraceParent
        : null;

    /// <summary>
    /// The relay's publish of one row, as a child of the request that delivered it (restored from the row): each row of a
    /// batch carries its own trace. A row without a stored context (not traced, or written before migration 0007)
    /// starts a trace of its own.
    /// </summary>
    internal static Activity? StartRelayPublish(OutboxRow row)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var stored) ? stored : default;
        // Not the relay loop's ambient activity, whatever it is: a row without a context of its own starts a new trace.
        Activity.Current = null;
        var activity = Source.StartActivity("outbox relay publish", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("jaas.outbox_id", row.Id);
            activity.SetTag("jaas.idempotency_key", row.IdempotencyKey);
            activity.SetTag("jaas.event_type", row.EventType);
            if (row.ReplayQueue is { } queue)
            {
                activity.SetTag("jaas.replay_queue", queue);
            }
        }

        return activity;
    }
}
