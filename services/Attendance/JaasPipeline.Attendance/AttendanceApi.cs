using JaasPipeline.Attendance.Reports;
using JaasPipeline.ConsumerApi;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.Attendance;

/// <summary>The attendance read API: the list of meetings, and one meeting as JSON or CSV. Personal data: see ApiAccess.</summary>
public static class AttendanceApi
{
    public static IEndpointRouteBuilder MapAttendanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/attendance").RequireApiKey().WithTags("Attendance")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapMeetingListApi<AttendanceStore>(AttendanceExtensions.ServiceName);
        // The literal ".csv" makes this route more specific than "{sessionId}", so it wins for ….csv paths.
        api.MapGet("/{sessionId}.csv", GetCsvAsync)
            .WithSummary("One meeting's attendance as CSV, one row per stint")
            .ProducesText("text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{sessionId}", GetReportAsync)
            .WithSummary("One meeting's attendance report: participants, stints, lobby waits, breakout rooms, moderator grants")
            .Produces<AttendanceReport>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapReprocessApi<AttendanceStore>(AttendanceExtensions.ServiceName);
        return app;
    }

    private static async Task<IResult> GetReportAsync(string sessionId, AttendanceStore store, CancellationToken cancellationToken) =>
        await BuildAsync(sessionId, store, cancellationToken) is { } report
            ? Results.Text(report.ToCanonicalJson(), "application/json")
            : NotFound(sessionId);

    private static async Task<IResult> GetCsvAsync(string sessionId, AttendanceStore store, CancellationToken cancellationToken) =>
        await BuildAsync(sessionId, store, cancellationToken) is { } report
            ? Results.Text(AttendanceCsv.Write(report), "text/csv; charset=utf-8")
            : NotFound(sessionId);

    private static async Task<AttendanceReport?> BuildAsync(string sessionId, AttendanceStore store, CancellationToken cancellationToken) =>
        AttendanceReportBuilder.Build(sessionId, await store.FactsOfSessionAsync(sessionId, cancellationToken));

    private static IResult NotFound(string sessionId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting", detail: $"No attendance facts for session '{sessionId}'.");
}
