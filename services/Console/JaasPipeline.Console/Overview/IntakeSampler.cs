using JaasPipeline.Console.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Console.Overview;

/// <summary>
/// Scrapes the ingress's <c>/metrics</c> every <c>Console:RatesSampleInterval</c> into <see cref="IntakeRates"/>.
/// A scrape that fails is skipped (the overview then says it has no rates); nothing here may stop the host, which in
/// the Standalone is the whole pipeline.
/// </summary>
public sealed partial class IntakeSampler(
    IServiceScopeFactory scopes, IntakeRates rates, IOptions<ConsoleOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock,
    ILogger<IntakeSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In the Standalone the ingress is this host, reached at the address Kestrel has only once it has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        using var timer = new PeriodicTimer(options.Value.RatesSampleInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var ingress = scope.ServiceProvider.GetRequiredService<PipelineApis>().For(PipelineService.Ingress);
                if (await ingress.GetTextAsync("/metrics", stoppingToken) is { } scrape)
                {
                    rates.Add(clock.GetUtcNow(), MetricLine.Select(scrape, IntakeRates.Counters));
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                LogScrapeFailed(failure);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The console could not sample the ingress's /metrics for the overview's rates")]
    private partial void LogScrapeFailed(Exception failure);
}
