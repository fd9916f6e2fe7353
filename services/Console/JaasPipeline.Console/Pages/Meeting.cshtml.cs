using JaasPipeline.Console.Meetings;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// One meeting as every service knows it: attendance (timeline and participants), transcript, analytics report (gaps,
/// call quality), artifacts and the deliveries of the meeting in the ingress's log. A service that does not know the
/// meeting shows its problem in its own section.
/// </summary>
public sealed class MeetingModel(PipelineApis apis) : PageModel
{
    public string SessionId { get; private set; } = "";

    public ApiAnswer Attendance { get; private set; } = new(0, null, null);

    public ApiAnswer Transcript { get; private set; } = new(0, null, null);

    public ApiAnswer Analytics { get; private set; } = new(0, null, null);

    public ApiAnswer Artifacts { get; private set; } = new(0, null, null);

    public ApiAnswer Deliveries { get; private set; } = new(0, null, null);

    public AttendanceTimeline? Timeline { get; private set; }

    /// <summary>The words typed in "Find in transcript" (query <c>find</c>).</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Find { get; set; }

    /// <summary>The transcript's phrases as the page shows them: all, or those that contain <see cref="Find"/>.</summary>
    public TranscriptFind? Phrases { get; private set; }

    /// <summary>The replay page for every delivery of the meeting the ingress still keeps (received up to now).</summary>
    public string ReplayLink => ApiQuery.Build("/console/replay", ("sessionId", SessionId), ("from", DeliveriesPage.LongAgo),
        ("to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));

    public async Task OnGetAsync(string sessionId, CancellationToken cancellation)
    {
        SessionId = sessionId;
        var escaped = Uri.EscapeDataString(sessionId);
        var attendance = apis.For(PipelineService.Attendance).GetAsync($"/api/attendance/{escaped}", cancellation);
        var transcript = apis.For(PipelineService.Transcription).GetAsync($"/api/transcripts/{escaped}", cancellation);
        var analytics = apis.For(PipelineService.Analytics).GetAsync($"/api/analytics/{escaped}", cancellation);
        var artifacts = apis.For(PipelineService.MediaArtifacts).GetAsync($"/api/artifacts/{escaped}?limit=500", cancellation);
        // The log keeps deliveries by receipt time; a meeting's deliveries are within the retention the ingress keeps.
        var deliveries = apis.For(PipelineService.Ingress).GetAsync(ApiQuery.Build("/api/deliveries", ("sessionId", sessionId),
            ("from", DeliveriesPage.LongAgo), ("limit", "500")), cancellation);
        Attendance = await attendance;
        Transcript = await transcript;
        Analytics = await analytics;
        Artifacts = await artifacts;
        Deliveries = await deliveries;
        Timeline = AttendanceTimeline.From(Attendance.Json);
        Phrases = Transcript.Json?["segments"] is System.Text.Json.Nodes.JsonArray segments ? TranscriptFind.Of(segments, Find) : null;
    }
}
