using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace JaasPipeline.ServiceDefaults;

/// <summary>Where traces go (section <c>Tracing</c>); the standard <c>OTEL_*</c> variables work as well.</summary>
public sealed class TracingOptions
{
    public const string Section = "Tracing";

    /// <summary>
    /// The OTLP collector traces are exported to; takes precedence over <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. With
    /// neither set, no tracer listens: no span is recorded or exported.
    /// </summary>
    [Description("OTLP collector traces are sent to (an absolute http or https address, e.g. http://collector:4317); the standard OTEL_EXPORTER_OTLP_ENDPOINT works too. Neither set: no spans are recorded.")]
    public string? OtlpEndpoint { get; set; }

    /// <summary>The collector address of <see cref="OtlpEndpoint"/>, or null when it is not set.</summary>
    public Uri? OtlpEndpointUri =>
        Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}

/// <summary>An endpoint that is set must be an absolute <c>http</c>/<c>https</c> address.</summary>
internal sealed class TracingOptionsValidator : IValidateOptions<TracingOptions>
{
    public ValidateOptionsResult Validate(string? name, TracingOptions options) =>
        string.IsNullOrWhiteSpace(options.OtlpEndpoint) || options.OtlpEndpointUri is not null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Tracing:OtlpEndpoint must be an absolute http or https address (e.g. http://collector:4317), not '{options.OtlpEndpoint}'");
}
