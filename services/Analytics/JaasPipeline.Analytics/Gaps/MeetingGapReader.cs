using System.Text.Json;
using JaasPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// A meeting's gaps as its report shows them: evaluated on read, so the report is right even before the worker's next
/// pass, each with the detectedAt of its record (now, for one the worker has not recorded yet).
/// </summary>
public sealed class MeetingGapReader(MeetingGapStore store, TimeProvider clock, IOptions<AnalyticsOptions> options)
{
    public async Task<IReadOnlyList<MeetingGap>> OfMeetingAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var evaluation = MeetingGapRules.Evaluate(await store.EvidenceAsync(sessionId, cancellationToken), now, GapWindows.From(options.Value));
        if (evaluation.Gaps.Count == 0)
        {
            return [];
        }

        var recorded = (await store.RecordedAsync(sessionId, cancellationToken)).ToDictionary(gap => (gap.Kind, gap.Subject), gap => gap.DetectedAt);
        return evaluation.Gaps
            .Select(gap => new MeetingGap(
                gap.Kind, gap.Detail,
                recorded.TryGetValue((gap.Kind, gap.Subject), out var detectedAt) ? DateTimeOffset.FromUnixTimeMilliseconds(detectedAt) : now))
            .ToList();
    }

    /// <summary>A recorded gap as the API answers it.</summary>
    public static MeetingGap ToMeetingGap(RecordedGap gap) =>
        new(gap.Kind, JsonSerializer.Deserialize<GapDetail>(gap.Detail, ApiJson.Options)!, DateTimeOffset.FromUnixTimeMilliseconds(gap.DetectedAt));
}
