using MassTransit.Logging;
using OpenTelemetry.Trace;

namespace JaasPipeline.ServiceDefaults;

/// <summary>The spans of one delivery's way through the pipeline, for any tracer provider (OTLP in the hosts, in memory in tests).</summary>
public static class TracingExtensions
{
    /// <summary>Our own activity sources (<c>JaasPipeline.Ingress</c>, <c>JaasPipeline.Messaging</c>, …).</summary>
    public const string SourcePrefix = "JaasPipeline.";

    /// <summary>
    /// The webhook request (ASP.NET Core), our intake, relay and inbox-commit spans, and MassTransit's send, receive
    /// and consume activities, which carry the trace context in the message headers from the relay to each consumer.
    /// </summary>
    public static TracerProviderBuilder AddPipelineSources(this TracerProviderBuilder tracing) => tracing
        // Health probes and scrapes arrive every few seconds: they would drown the deliveries' traces.
        .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http =>
            !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
        .AddSource(SourcePrefix + "*")
        .AddSource(DiagnosticHeaders.DefaultListenerName);
}
