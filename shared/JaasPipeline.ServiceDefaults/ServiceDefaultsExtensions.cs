using MassTransit;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Scalar.AspNetCore;

namespace JaasPipeline.ServiceDefaults;

/// <summary>What every JaasPipeline host shares: problem details, health checks, metrics, OpenAPI, banner, start-up checks.</summary>
public static partial class ServiceDefaultsExtensions
{
    /// <summary>Meters whose names start with this prefix are exported on <c>/metrics</c>.</summary>
    public const string MeterPrefix = "JaasPipeline.";

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
        // One line per message: a start-up failure is the one line that names the setting, and logs grep well.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<EveryEndpointTransformer>());
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(name))
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
    /// <c>GET /</c> names the service and links to the rest; <c>/health/live</c> answers while the process runs (no
    /// checks); <c>/health/ready</c> runs every check tagged <c>ready</c> (databases, the bus); <c>/metrics</c> is the
    /// Prometheus scrape endpoint; <c>/openapi/v1.json</c> describes every endpoint (with a reference UI at
    /// <c>/scalar</c> in Development).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/", ServiceIndex.Describe).WithSummary("The service's name and links to its documents and endpoints");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]))
            .WithSummary("Liveness: answers 200 while the process runs (no checks)");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReport,
        }).WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]))
            .WithSummary("Readiness: every database of the host and the bus, as JSON naming each check (503 if one fails)");
        app.MapPrometheusScrapingEndpoint("/metrics")
            .WithMetadata(new HttpMethodMetadata(["GET"]))
            .WithSummary("Prometheus metrics (text exposition format)");
        app.MapErrorQueueApi();
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
    /// <see cref="ServiceHost.PortInUseExitCode"/> (both before any database file is created). Once started, the
    /// banner says where the host listens and what it uses.
    /// </summary>
    public static void RunAndReportBadSettings(this WebApplication app)
    {
        if (!StartupChecks.SettingsAreValid(app) || !StartupChecks.PortsAreFree(app))
        {
            // The console logger writes on its own thread; disposing the host flushes the line before the process ends.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }

        StartupBanner.LogWhenStarted(app);
        StartupChecks.Run(app);
    }

    // The default writer prints only "Healthy"/"Unhealthy"; an operator at 3 a.m. wants to see which check failed.
    private static Task WriteReport(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description ?? entry.Value.Exception?.Message }),
        });
}

/// <summary>The name a host goes by on <c>/metrics</c>, in its banner and at <c>GET /</c>.</summary>
public sealed record ServiceIdentity(string Name);
