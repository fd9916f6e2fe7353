using System.Text.Json.Nodes;
using JaasPipeline.Console.Access;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// Replay of one delivery, one meeting or a time range (<c>POST /api/replay</c>): the page first asks the ingress for a
/// dry run and states how many deliveries will be sent; only the confirmation's POST schedules them.
/// </summary>
[Authorize(Policy = ConsolePolicies.Admin)]
public sealed class ReplayModel(PipelineApis apis) : PageModel
{
    /// <summary>"" is every consumer; the rest are the consumer services' queues (their service names).</summary>
    public static readonly string[] Queues = ["", "attendance", "media-artifacts", "transcription", "analytics"];

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? SessionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? EventType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Queue { get; set; }

    public ApiAnswer? Answer { get; private set; }

    public long? WouldSchedule { get; private set; }

    public long? Scheduled { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To))
        {
            return;
        }

        Answer = await ReplayAsync(dryRun: true, cancellation);
        WouldSchedule = (long?)Answer.Json?["wouldSchedule"];
    }

    public async Task OnPostAsync(CancellationToken cancellation)
    {
        Answer = await ReplayAsync(dryRun: false, cancellation);
        Scheduled = (long?)Answer.Json?["scheduled"];
    }

    private Task<ApiAnswer> ReplayAsync(bool dryRun, CancellationToken cancellation) =>
        apis.For(PipelineService.Ingress).SendAsync(HttpMethod.Post, "/api/replay", new JsonObject
        {
            ["from"] = ApiQuery.Instant(From),
            ["to"] = ApiQuery.Instant(To),
            ["sessionId"] = NullIfEmpty(SessionId),
            ["eventType"] = NullIfEmpty(EventType),
            ["queue"] = NullIfEmpty(Queue),
            ["dryRun"] = dryRun,
        }, cancellation);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
