using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>The ingress's delivery log (docs/services.md "Delivery log") with its filters and the raw bodies.</summary>
public sealed class DeliveriesModel(PipelineApis apis) : PageModel
{
    public static readonly string[] Outcomes = ["", "accepted", "duplicate", "conflict", "rejected"];

    [BindProperty(SupportsGet = true)] public string? SessionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? EventType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Outcome { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public ApiAnswer Answer { get; private set; } = new(0, null, null);

    public async Task OnGetAsync(CancellationToken cancellation) =>
        Answer = await apis.For(PipelineService.Ingress).GetAsync(ApiQuery.Build("/api/deliveries",
            ("sessionId", SessionId), ("eventType", EventType), ("outcome", Outcome), ("from", ApiQuery.Instant(From)),
            ("to", ApiQuery.Instant(To)), ("body", "true"), ("limit", "50"), ("cursor", Cursor)), cancellation);

    public string PageLink(string next) => ApiQuery.Build("/console/deliveries",
        ("sessionId", SessionId), ("eventType", EventType), ("outcome", Outcome), ("from", From), ("to", To), ("cursor", next));
}
