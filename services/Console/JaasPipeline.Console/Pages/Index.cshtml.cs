using JaasPipeline.Console.Overview;
using JaasPipeline.Console.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Console.Pages;

/// <summary>
/// The overview: the ingress's intake and refusal rates, each host's readiness, error queues and the figures of its
/// scrape (a host serving several services, as the Standalone does, is shown once), and the meetings with gaps.
/// </summary>
public sealed class IndexModel(PipelineApis apis, IntakeRates intake, IOptions<ConsoleOptions> options, TimeProvider clock) : PageModel
{
    /// <summary>The intake counters' rise over the last minutes, or null without two samples in them.</summary>
    public IntakeRateReport? Intake { get; private set; }

    public TimeSpan SampleInterval => options.Value.RatesSampleInterval;

    public IReadOnlyList<ServiceStatus> Hosts { get; private set; } = [];

    public ApiAnswer Gaps { get; private set; } = new(0, null, null);

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        Intake = intake.Report(clock.GetUtcNow());
        var hosts = apis.All.GroupBy(api => api.BaseUrl).ToList();
        Hosts = await Task.WhenAll(hosts.Select(host => StatusOfAsync([.. host], cancellation)));
        Gaps = await apis.For(PipelineService.Analytics).GetAsync("/api/analytics/gaps?limit=20", cancellation);
    }

    private static async Task<ServiceStatus> StatusOfAsync(IReadOnlyList<ServiceApi> host, CancellationToken cancellation)
    {
        var api = host[0];
        var readiness = api.GetAsync("/health/ready", cancellation);
        var errorQueues = host.Any(h => h.Service != PipelineService.Ingress) ? await api.GetAsync("/api/error-queues", cancellation) : null;
        var scrape = await api.GetTextAsync("/metrics", cancellation);
        return new ServiceStatus([.. host.Select(h => h.Service)], api.BaseUrl, await readiness, errorQueues,
            scrape is null ? [] : MetricLine.Select(scrape), scrape is not null);
    }
}
