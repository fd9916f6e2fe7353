using JaasPipeline.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// Keeps the record of each meeting's gaps: every <c>Analytics:GapPollInterval</c> it evaluates the meetings whose events
/// changed or whose next window has ended, records a gap when first found (counted as detected) and deletes one a late
/// event filled (counted as filled). Driven from <c>analytics_gap_meetings</c>, so a restart resumes where it stopped.
/// Polled, never woken by an event: a live meeting sends an event every few hundred milliseconds, and this bounds its
/// evaluations to one per pass however busy it is (no gap can be found before a window of minutes has ended anyway).
/// Measured, waking it per event was not a visible cost either (docs/benchmarks.md); the bound is what polling buys.
/// </summary>
public sealed partial class MeetingGapWorker(
    MeetingGapStore store, AnalyticsMetrics metrics, IOptions<AnalyticsOptions> options, TimeProvider clock, ILogger<MeetingGapWorker> logger)
    : BackgroundService
{
    private const int BatchSize = 64;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        TableWorkLoop.RunAsync(PassAsync, doorbell: null, () => options.Value.GapPollInterval, LogPassFailed, stoppingToken);

    private async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), BatchSize, cancellationToken);
        foreach (var meeting in due)
        {
            await EvaluateAsync(meeting, cancellationToken);
        }

        return due.Count == BatchSize;
    }

    private async Task EvaluateAsync(DueMeeting meeting, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var evaluation = MeetingGapRules.Evaluate(await store.EvidenceAsync(meeting.SessionId, cancellationToken), now, GapWindows.From(options.Value));
        var (detected, filled) = await store.ReconcileAsync(
            meeting, evaluation, now.ToUnixTimeMilliseconds(), evaluation.NextWindowEndsAt?.ToUnixTimeMilliseconds(), cancellationToken);
        foreach (var kind in detected)
        {
            metrics.MeetingGaps.Add(1, new KeyValuePair<string, object?>("kind", kind));
            LogDetected(meeting.SessionId, kind);
        }

        foreach (var kind in filled)
        {
            metrics.MeetingGapsFilled.Add(1, new KeyValuePair<string, object?>("kind", kind));
            LogFilled(meeting.SessionId, kind);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Meeting {SessionId} has a {Kind} gap")]
    private partial void LogDetected(string sessionId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Kind} gap of meeting {SessionId} was filled by a late event")]
    private partial void LogFilled(string sessionId, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gap pass failed; trying again after the poll interval")]
    private partial void LogPassFailed(Exception exception);
}
