using MassTransit;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpenTelemetry.Resources;
using Scalar.AspNetCore;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JaasPipeline.ServiceDefaults;

/// <summary>What every JaasPipeline host shares: problem details, health checks, metrics, OpenAPI, banner, start-up checks.</summary>
public static partial class ServiceDefaultsExtensions
{
    /// <summary>Meters whose names start with this prefix are exported on <c>/metrics</c>.</summary>
    public const string MeterPrefix = "JaasPipeline.";

    /// <summary>The OpenAPI tag of what every host serves: its index, health, metrics.</summary>
    public const string ServiceTag = "Service";

    /// <summary>Where the OpenAPI document of a host is served.</summary>
    public const string OpenApiRoute = "/openapi/v1.json";

    /// <summary>
    /// Adds the shared defaults. <paramref name="serviceName"/> (e.g. <c>ingress</c>) is the <c>service_name</c> of
    /// every metric and the name the banner and <c>GET /</c> give; without it, the application's name.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string? serviceName = null)
    {
        var name = serviceName ?? builder.Environment.ApplicationName;
        builder.Services.AddSingleton(new ServiceIdentity(name));
        AddConsoleLogs(builder);
        // Each line written inside a traced operation carries its ids (the host default, stated: the log format relies on it).
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddProblemDetails();
        // Kestrel reads only its endpoints from the Kestrel section by itself; bound here, Kestrel:Limits:* (connections,
        // buffers, header sizes) can be set like any other setting (docs/security.md recommends some for the ingress).
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
        // Results.Json/Ok, problem details, the health report and the OpenAPI schemas all read these options.
        builder.Services.ConfigureHttpJsonOptions(json => UseApiJson(json.SerializerOptions));
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<EveryEndpointTransformer>();
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddDocumentTransformer<OpenApiDocumentConventions>();
            options.AddSchemaTransformer<InstantSchemaTransformer>();
            options.AddOperationTransformer<ApiKeySecurityTransformer>();
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(name));
        AddTracing(builder, telemetry);
        telemetry
            .WithMetrics(metrics => metrics
                .AddMeter(MeterPrefix + "*")
                // MassTransit's own meter: per consumer, messages consumed, faults, retries and handling time.
                .AddMeter(InstrumentationOptions.MeterName)
                // No scrape cache: a scrape shows the counters as they are now (scrapes are rare; the cost is small).
                .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        // MassTransit labels its series with the process name (always "dotnet" here) unless told the service's.
        builder.Services.PostConfigure<InstrumentationOptions>(options => options.ServiceName = name);
        builder.Services.AddReceiveEndpointObserver(sp => new QueueBanner(sp));
        return builder;
    }

    /// <summary>
    /// The console formatter is chosen by <c>Logging:Console:FormatterName</c> (<c>json</c> in the separate hosts'
    /// appsettings, <c>simple</c> in the Standalone's); both write the scopes, so a line written inside a traced
    /// operation carries its TraceId and SpanId (the host's default <c>ActivityTrackingOptions</c>).
    /// </summary>
    private static void AddConsoleLogs(IHostApplicationBuilder builder)
    {
        // Configured, not AddSimpleConsole/AddJsonConsole: those would also set the formatter name over the setting.
        builder.Services.Configure<SimpleConsoleFormatterOptions>(simple =>
        {
            // One line per message: a start-up failure is the one line that names the setting, and logs grep well.
            simple.SingleLine = true;
            simple.IncludeScopes = true;
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            // A log is read by people and log shippers, not put in a web page: keep quotes and non-ASCII names readable.
            json.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
    }

    /// <summary>
    /// Traces are recorded only when they go somewhere: an OTLP endpoint in <c>Tracing:OtlpEndpoint</c> or the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> / <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>. Otherwise no tracer listens to
    /// our sources or MassTransit's, so they allocate no activity. Sampling follows <c>OTEL_TRACES_SAMPLER</c> /
    /// <c>OTEL_TRACES_SAMPLER_ARG</c> (read by the SDK; parent-based always-on by default).
    /// </summary>
    private static void AddTracing(IHostApplicationBuilder builder, OpenTelemetry.OpenTelemetryBuilder telemetry)
    {
        builder.Services.AddSingleton<IValidateOptions<TracingOptions>, TracingOptionsValidator>();
        builder.Services.AddOptions<TracingOptions>().BindConfiguration(TracingOptions.Section).ValidateOnStart();
        var configured = builder.Configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        var exported = !string.IsNullOrWhiteSpace(configured.OtlpEndpoint)
            || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        if (!exported)
        {
            return;
        }

        telemetry.WithTracing(tracing => tracing
            .AddPipelineSources()
            .AddOtlpExporter(otlp =>
            {
                // A bad address is reported by the options validation before the host starts.
                if (configured.OtlpEndpointUri is { } endpoint)
                {
                    otlp.Endpoint = endpoint;
                }
            }));
    }

    /// <summary>
    /// <c>GET /</c> names the service and links to the rest; <c>/health/live</c> answers while the process runs (no
    /// checks); <c>/health/ready</c> runs every check tagged <c>ready</c> (databases, the bus); <c>/metrics</c> is the
    /// Prometheus scrape endpoint; <c>/openapi/v1.json</c> describes every endpoint (with a reference UI at
    /// <c>/scalar</c> in Development).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // First of the host's ApplicationStarted callbacks registered, so it runs last (see LogWhenStarted).
        StartupBanner.LogWhenStarted(app);
        app.UseNoSniff();
        // An unexpected failure is a 500 problem with a trace id and no exception text (docs/api.md §6); a request the
        // framework could not read (a body too large, a malformed one) keeps its own 4xx.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.MapGet("/", ServiceIndex.Describe).WithTags(ServiceTag).WithSummary("The service's name and links to its documents and endpoints");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]))
            .WithTags(ServiceTag)
            .WithSummary("Liveness: answers 200 while the process runs (no checks)")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReport,
        }).WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]))
            .WithTags(ServiceTag)
            .WithSummary("Readiness: every database of the host and the bus, as JSON naming each check (503 if one fails)")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ReadinessReport), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ReadinessReport), ["application/json"]));
        app.MapPrometheusScrapingEndpoint("/metrics")
            .WithMetadata(new HttpMethodMetadata(["GET"]))
            .WithTags(ServiceTag)
            .WithSummary("Prometheus metrics (text exposition format)")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
        app.MapOpenApi(OpenApiRoute);
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(options => options.WithOpenApiRoutePattern(OpenApiRoute));
        }

        return app;
    }

    /// <summary>
    /// Runs the host. A bad setting prints one line per bad setting and exits with
    /// <see cref="ServiceHost.BadSettingExitCode"/>; an HTTP port in use prints one line and exits with
    /// <see cref="ServiceHost.PortInUseExitCode"/> (both before any database file is created); a SQLite database that
    /// cannot be written (a read-only data folder) prints one line and exits with the bad-setting code. Once started, the
    /// banner (put on by <see cref="MapDefaultEndpoints"/>) says where the host listens, what is on and what it uses.
    /// </summary>
    public static void RunAndReportBadSettings(this WebApplication app)
    {
        if (!StartupChecks.SettingsAreValid(app) || !StartupChecks.PortsAreFree(app) || !StartupChecks.DatabasesAreWritable(app))
        {
            // The console logger writes on its own thread; disposing the host flushes the line before the process ends.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }

        StartupChecks.Run(app);
    }

    /// <summary>Makes <paramref name="target"/> write what <see cref="ApiJson.Options"/> writes.</summary>
    private static void UseApiJson(JsonSerializerOptions target)
    {
        var source = ApiJson.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        // Numbers are numbers, read and written (docs/api.md §4); the schemas then say integer, not "integer or string".
        target.NumberHandling = JsonNumberHandling.Strict;
        target.Encoder = source.Encoder;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }

    // The default writer prints only "Healthy"/"Unhealthy"; an operator at 3 a.m. wants to see which check failed.
    private static Task WriteReport(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new ReadinessReport(
            report.Status.ToString(),
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new ReadinessCheck(entry.Value.Status.ToString(), entry.Value.Description ?? entry.Value.Exception?.Message))));
}

/// <summary>The name a host goes by on <c>/metrics</c>, in its banner and at <c>GET /</c>.</summary>
public sealed record ServiceIdentity(string Name);
