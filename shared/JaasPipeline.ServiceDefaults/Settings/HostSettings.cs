namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// The settings every host reads that no options class of ours binds: read by ASP.NET Core (<c>Urls</c>), its logging
/// (<c>Logging:*</c>) or the OpenTelemetry SDK (<c>OTEL_*</c> environment variables). Described here, next to the
/// generator of <c>--help</c>, because they have no property to carry a description.
/// </summary>
public static class HostSettings
{
    private const string LogLevels = "Trace | Debug | Information | Warning | Error | Critical | None";

    public static readonly IReadOnlyList<Setting> All =
    [
        new("Urls", "Urls", "URLs separated by ;", null,
            "Where the host listens. A read API on an address beyond loopback needs Api:Keys (the host refuses to start otherwise)."),
        new("Logging", "Logging:Console:FormatterName", "json | simple", "json",
            "Console log format: one JSON object or one text line per message, with the trace and span ids of the operation it was written in."),
        new("Logging", "Logging:LogLevel:Default", LogLevels, "Information", "Least level of a log message that is written."),
        new("Logging", "Logging:LogLevel:<category>", LogLevels, null,
            "Least level for the loggers of one category and those under it (appsettings.json sets Microsoft.AspNetCore and MassTransit to Warning)."),
        new("OTEL_*", "OTEL_EXPORTER_OTLP_ENDPOINT", "URL", null,
            "Environment variable: the OTLP collector traces are sent to when Tracing:OtlpEndpoint is not set. Neither set: no spans are recorded."),
        new("OTEL_*", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "URL", null,
            "Environment variable: like OTEL_EXPORTER_OTLP_ENDPOINT, for traces only."),
        new("OTEL_*", "OTEL_TRACES_SAMPLER", "string", "parentbased_always_on",
            "Environment variable read by the OpenTelemetry SDK: which traces are recorded (e.g. parentbased_traceidratio)."),
        new("OTEL_*", "OTEL_TRACES_SAMPLER_ARG", "number", null,
            "Environment variable read by the OpenTelemetry SDK: the sampler's argument (e.g. 0.1 records one trace in ten)."),
    ];
}
