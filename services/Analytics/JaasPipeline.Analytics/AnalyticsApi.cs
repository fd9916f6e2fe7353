using System.Globalization;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Analytics.Quality;
using JaasPipeline.Analytics.Reports;
using JaasPipeline.ConsumerApi;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.Analytics;

/// <summary>The analytics read API: the list of meetings, one meeting's engagement and quality, one customer's monthly usage.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/api/analytics").RequireApiKey().WithTags("Analytics")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        analytics.MapMeetingListApi<AnalyticsStore>(AnalyticsExtensions.ServiceName);
        analytics.MapGapListApi();
        analytics.MapGet("/{sessionId}", GetReportAsync)
            .WithSummary("One meeting's speakers, reactions, polls, feedback, recordings, live streams and call quality")
            .Produces<AnalyticsReport>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/usage/{customerId}", GetUsageAsync).RequireApiKey().WithTags("Analytics")
            .WithSummary("A customer's monthly active devices and users in a calendar month (UTC), ?month=YYYY-MM")
            .WithRequiredQuery("month")
            .Produces<MonthlyUsage>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapReprocessApi<AnalyticsStore>(AnalyticsExtensions.ServiceName);
        return app;
    }

    private static async Task<IResult> GetReportAsync(
        string sessionId, AnalyticsStore store, CallQualityStore quality, MeetingGapReader gaps, CancellationToken cancellationToken)
    {
        var fqn = await store.FqnOfSessionAsync(sessionId, cancellationToken);
        var facts = await store.FactsOfSessionAsync(sessionId, cancellationToken);
        var summaries = await quality.OfSessionAsync(sessionId, cancellationToken);
        // A meeting in the journal is known (and listed) even if none of its events is an engagement fact; one with only
        // statistics files is known too, each listed with its status (pending, missing, failed: no figures yet or ever).
        var known = fqn is not null || summaries.Count > 0;
        var report = AnalyticsReportBuilder.Build(sessionId, facts, summaries, known, fqn);
        return report is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting", detail: $"No analytics facts for session '{sessionId}'.")
            : Results.Text((report with { Gaps = await gaps.OfMeetingAsync(sessionId, cancellationToken) }).ToCanonicalJson(), "application/json");
    }

    private static async Task<IResult> GetUsageAsync(string customerId, string? month, AnalyticsStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(month)
            || month.Length != 7
            || !DateTime.TryParseExact(month, "yyyy'-'MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["month"] = ["must be a calendar month, YYYY-MM (e.g. 2026-11)"] }, title: "Bad query");
        }

        return await store.UsageAsync(customerId, month, cancellationToken) is { } usage
            ? Results.Json(usage, ApiJson.Options)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown customer",
                detail: $"No USAGE event has named customer '{customerId}' in any month.");
    }
}
