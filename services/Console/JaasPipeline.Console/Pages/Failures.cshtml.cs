using JaasPipeline.Console.Failures;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// Error queues (RabbitMQ) and faulted messages (embedded) of every consumer host (docs/operations.md "Failed
/// messages"): counts, the exceptions where the host keeps them, and re-drive (an admin action, <see cref="RedriveModel"/>).
/// </summary>
public sealed class FailuresModel(PipelineApis apis) : PageModel
{
    public List<FailedQueue> Queues { get; } = [];

    public List<string> Problems { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        // The ingress has no consumer queue; a host serving several services (the Standalone) is asked once.
        var hosts = apis.All.Where(api => api.Service != PipelineService.Ingress).GroupBy(api => api.BaseUrl).Select(host => host.First());
        foreach (var api in hosts)
        {
            var answer = await api.GetAsync("/api/error-queues", cancellation);
            if (!answer.Succeeded)
            {
                Problems.Add($"{api.Service}: {answer.Problem}");
                continue;
            }

            foreach (var queue in answer.Items)
            {
                var name = (string?)queue["queue"] ?? "";
                var messages = (long?)queue["messages"] ?? 0;
                var faulted = messages > 0 && (string?)queue["errorQueue"] == "faulted_messages"
                    ? (await api.GetAsync($"/api/error-queues/{Uri.EscapeDataString(name)}/messages?limit=20", cancellation)).Items
                    : [];
                Queues.Add(new FailedQueue(api.Service, name, (string?)queue["errorQueue"] ?? "", messages, faulted));
            }
        }
    }
}
