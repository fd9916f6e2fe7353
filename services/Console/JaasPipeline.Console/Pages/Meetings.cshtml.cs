using System.Text.Json.Nodes;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// Meetings by app, room and time from the attendance service's list (docs/api.md §5); a participant filter reads each
/// listed meeting's attendance report, since no list API searches participants.
/// </summary>
public sealed class MeetingsModel(PipelineApis apis) : PageModel
{
    private const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? AppId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Room { get; set; }
    [BindProperty(SupportsGet = true)] public string? Participant { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public ApiAnswer Answer { get; private set; } = new(0, null, null);

    public IReadOnlyList<JsonNode> Meetings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var attendance = apis.For(PipelineService.Attendance);
        Answer = await attendance.GetAsync(ApiQuery.Build("/api/attendance/meetings",
            ("appId", AppId), ("room", Room), ("from", ApiQuery.Instant(From)), ("to", ApiQuery.Instant(To)),
            ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", Cursor)), cancellation);
        Meetings = string.IsNullOrWhiteSpace(Participant) ? Answer.Items : await WithParticipantAsync(attendance, Answer.Items, Participant.Trim(), cancellation);
    }

    public string PageLink(string next) => ApiQuery.Build("/console/meetings",
        ("appId", AppId), ("room", Room), ("participant", Participant), ("from", From), ("to", To), ("cursor", next));

    private static async Task<IReadOnlyList<JsonNode>> WithParticipantAsync(ServiceApi attendance, IReadOnlyList<JsonNode> meetings, string participant, CancellationToken cancellation)
    {
        var matching = new List<JsonNode>();
        foreach (var meeting in meetings)
        {
            var report = await attendance.GetAsync($"/api/attendance/{Uri.EscapeDataString((string?)meeting["sessionId"] ?? "")}", cancellation);
            var people = (report.Json?["participants"] as JsonArray)?.OfType<JsonNode>() ?? [];
            if (people.Any(p => new[] { "name", "email", "participantId", "userId" }.Any(field =>
                    ((string?)p[field])?.Contains(participant, StringComparison.OrdinalIgnoreCase) == true)))
            {
                matching.Add(meeting);
            }
        }

        return matching;
    }
}
