using JaasPipeline.Console.Access;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>Re-drives one or all failed messages of a queue (<c>POST /api/error-queues/{queue}/move?max=</c>): admin only.</summary>
[Authorize(Policy = ConsolePolicies.Admin)]
public sealed class RedriveModel(PipelineApis apis) : PageModel
{
    public string Queue { get; private set; } = "";

    public ApiAnswer Answer { get; private set; } = new(0, null, null);

    public IActionResult OnGet() => RedirectToPage("/Failures");

    public async Task OnPostAsync(PipelineService service, string queue, int max, CancellationToken cancellation)
    {
        Queue = queue;
        Answer = await apis.For(service).SendAsync(HttpMethod.Post,
            ApiQuery.Build($"/api/error-queues/{Uri.EscapeDataString(queue)}/move", ("max", Math.Max(max, 1).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            body: null, cancellation);
    }
}
