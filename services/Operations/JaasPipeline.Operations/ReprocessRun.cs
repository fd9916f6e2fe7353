using System.Text.Json.Nodes;

namespace JaasPipeline.Operations;

/// <summary>
/// <c>jaas-ops reprocess</c>: one consumer service redoes its work for the meetings with deliveries in [from, to].
/// A consumer's effects are per meeting, so a meeting that straddles the range is taken whole: all of its accepted
/// deliveries, whenever received. Per meeting, in order: the service deletes the meeting's effects and the inbox rows of
/// those deliveries in one transaction (or refuses and deletes nothing), then the ingress replays the meeting to that
/// service's queue only. A message of the meeting still in flight is consumed either before the clearing (and cleared
/// with the rest) or after it (and the replayed copy is then dropped by the inbox): never twice, never lost.
/// </summary>
public sealed class ReprocessRun(PipelineApi api, TextWriter output)
{
    // Every delivery of a meeting, whenever received: the delivery log's time filter spans all of them.
    private static readonly DateTimeOffset Always = DateTimeOffset.UnixEpoch;

    public async Task<int> RunAsync(string consumer, DateTimeOffset from, DateTimeOffset to, string? sessionId, CancellationToken cancellationToken)
    {
        var meetings = new List<string>();
        await foreach (var delivery in api.AcceptedDeliveriesAsync(from, to, sessionId, cancellationToken))
        {
            if ((string?)delivery["sessionId"] is { Length: > 0 } session && !meetings.Contains(session))
            {
                meetings.Add(session);
            }
        }

        if (meetings.Count == 0)
        {
            output.WriteLine($"No accepted deliveries in [{from:O}, {to:O}]{(sessionId is null ? "" : $" for meeting {sessionId}")}: nothing to reprocess.");
            return 0;
        }

        output.WriteLine($"Reprocessing {meetings.Count} meeting(s) in {consumer}; each is cleared and replayed whole.");
        var done = 0;
        foreach (var meeting in meetings)
        {
            try
            {
                await ReprocessMeetingAsync(consumer, meeting, cancellationToken);
                done++;
            }
            catch (OpsFailure failure)
            {
                throw new OpsFailure($"{failure.Message} (meetings reprocessed before it: {done} of {meetings.Count}; run again for the rest)");
            }
        }

        output.WriteLine($"Done: {done} meeting(s) cleared in {consumer} and replayed to its queue.");
        return 0;
    }

    private async Task ReprocessMeetingAsync(string consumer, string meeting, CancellationToken cancellationToken)
    {
        var deliveries = new List<(string Key, string EventType, DateTimeOffset ReceivedAt)>();
        await foreach (var delivery in api.AcceptedDeliveriesAsync(Always, DateTimeOffset.UtcNow.AddDays(1), meeting, cancellationToken))
        {
            deliveries.Add(((string)delivery["idempotencyKey"]!, (string?)delivery["eventType"] ?? "", delivery["receivedAt"]!.GetValue<DateTimeOffset>()));
        }

        var cleared = await api.ClearMeetingAsync(consumer, meeting, [.. deliveries.Select(d => d.Key)], cancellationToken);
        // The service names the eventTypes its consumers take (null: every one): the rest would only land in <queue>_skipped.
        var taken = cleared["eventTypes"] is JsonArray types ? types.Select(type => (string?)type).ToHashSet(StringComparer.Ordinal) : null;
        var scheduled = 0;
        foreach (var group in deliveries.Where(d => taken is null || taken.Contains(d.EventType)).GroupBy(d => taken is null ? null : d.EventType))
        {
            var replay = await api.ReplayAsync(group.Min(d => d.ReceivedAt), group.Max(d => d.ReceivedAt), meeting, group.Key, consumer, cancellationToken);
            scheduled += (int?)replay["scheduled"] ?? 0;
        }

        output.WriteLine(
            $"meeting {meeting}: {deliveries.Count} deliveries; cleared {(int?)cleared["effectRows"]} effect rows and {(int?)cleared["inboxRows"]} inbox rows; " +
            $"{scheduled} scheduled to queue {consumer}");
    }
}
