using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace JaasPipeline.ServiceDefaults;

/// <summary>What every JaasPipeline host shares: problem details, health checks and Prometheus metrics.</summary>
public static partial class ServiceDefaultsExtensions
{
    /// <summary>Meters whose names start with this prefix are exported on <c>/metrics</c>.</summary>
    public const string MeterPrefix = "JaasPipeline.";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterPrefix + "*")
            // No scrape cache: a scrape shows the counters as they are now (scrapes are rare; the cost is small).
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> answers while the process runs (no checks); <c>/health/ready</c> runs every check tagged
    /// <c>ready</c> (databases, the bus); <c>/metrics</c> is the Prometheus scrape endpoint.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReport,
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>
    /// Runs the host; if a setting is invalid it logs one line per bad setting (no stack trace) and exits with code 2.
    /// </summary>
    public static void RunAndReportBadSettings(this WebApplication app)
    {
        try
        {
            app.Run();
        }
        catch (OptionsValidationException invalid)
        {
            foreach (var failure in invalid.Failures)
            {
                LogBadSetting(app.Logger, failure);
            }

            Environment.ExitCode = 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not starting: {Failure}")]
    private static partial void LogBadSetting(ILogger logger, string failure);

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
