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
/// <remarks>
/// A clearing destroys what only the replay can rebuild, so nothing is cleared until every check has passed for every
/// meeting: the service's reprocess API answers the key, the ingress's replay API answers the key and knows the queue
/// (a dry-run replay), and each meeting's clearing would be accepted — its effects all come from deliveries the ingress
/// still lists (a dry-run clearing, same rules). Should a replay still fail after its clearing (the ingress went away),
/// the service keeps the meeting in <c>reprocess_pending</c>, written in the clearing's own transaction and deleted only
/// once the replay is scheduled; every run lists those first and replays them before clearing anything new.
/// </remarks>
public sealed class ReprocessRun(PipelineApi api, TextWriter output, TextWriter error)
{
    /// <summary>Why media-artifacts is never reprocessed: said before anything is called.</summary>
    public const string MediaArtifactsRefusal =
        "reprocess media-artifacts refused; nothing was called or deleted: JaaS's download links expire after 24 hours (48 for statistics " +
        "files), so cleared artifacts could not be fetched again, and new artifact rows would publish ArtifactStored under new artifact ids, " +
        "so transcription and analytics would take every file twice. To redo what they made of the files, reprocess transcription or analytics.";

    // Every delivery of a meeting, whenever received: the delivery log's time filter spans all of them.
    private static readonly DateTimeOffset Always = DateTimeOffset.UnixEpoch;

    public async Task<int> RunAsync(string consumer, DateTimeOffset from, DateTimeOffset to, string? sessionId, bool dryRun, CancellationToken cancellationToken)
    {
        if (consumer == "media-artifacts")
        {
            throw new OpsFailure(MediaArtifactsRefusal);
        }

        var problems = new List<string>();
        var pending = await CheckAsync(problems, () => PendingAsync(consumer, cancellationToken)) ?? [];
        var serviceAnswers = problems.Count == 0;
        await CheckAsync(problems, () => api.ReplayDryRunAsync(Always, DateTimeOffset.UtcNow, null, null, consumer, cancellationToken));
        var inRange = await CheckAsync(problems, () => MeetingsAsync(from, to, sessionId, cancellationToken));
        if (inRange is null)
        {
            return Refuse(problems);
        }

        var plans = new List<MeetingPlan>();
        foreach (var (meeting, owed) in pending)
        {
            plans.Add(new MeetingPlan(meeting, owed.ClearedAt, await DeliveriesAsync(meeting, cancellationToken), null, owed.Taken));
        }

        foreach (var meeting in inRange.Where(meeting => !pending.ContainsKey(meeting)))
        {
            var deliveries = await DeliveriesAsync(meeting, cancellationToken);
            // Only asked once the service answered: otherwise every meeting would repeat the same refusal.
            var check = serviceAnswers
                ? await CheckAsync(problems, () => api.ClearMeetingDryRunAsync(consumer, meeting, [.. deliveries.Select(d => d.Key)], cancellationToken), $"meeting {meeting}: ")
                : null;
            plans.Add(new MeetingPlan(meeting, null, deliveries, check, check is null ? null : EventTypes(check)));
        }

        if (problems.Count > 0)
        {
            return Refuse(problems);
        }

        if (plans.Count == 0)
        {
            output.WriteLine($"No accepted deliveries in [{from:O}, {to:O}]{(sessionId is null ? "" : $" for meeting {sessionId}")}: nothing to reprocess.");
            return OpsCommandLine.Done;
        }

        return dryRun ? DryRun(consumer, plans) : await ReprocessAsync(consumer, plans, cancellationToken);
    }

    private int DryRun(string consumer, IReadOnlyList<MeetingPlan> plans)
    {
        output.WriteLine($"Dry run of reprocess {consumer}: {plans.Count} meeting(s); every check passed.");
        foreach (var plan in plans)
        {
            var replayed = plan.Replayed().ToList();
            var types = replayed.Select(d => d.EventType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var replay = $"would replay {replayed.Count} of {plan.Deliveries.Count} deliveries ({(types.Count == 0 ? "none" : string.Join(", ", types))}) to queue {consumer}";
            output.WriteLine(plan.ClearedAt is { } clearedAt
                ? $"meeting {plan.SessionId}: cleared at {Iso(clearedAt)} by an earlier run, replay pending; {replay}"
                : $"meeting {plan.SessionId}: would delete {(int?)plan.Check!["effectRows"]} effect rows and {(int?)plan.Check["inboxRows"]} inbox rows; {replay}");
        }

        output.WriteLine("Dry run: nothing was deleted or replayed.");
        return OpsCommandLine.Done;
    }

    private async Task<int> ReprocessAsync(string consumer, IReadOnlyList<MeetingPlan> plans, CancellationToken cancellationToken)
    {
        var resumed = plans.Count(plan => plan.ClearedAt is not null);
        output.WriteLine($"Reprocessing {plans.Count} meeting(s) in {consumer}; every check passed; each is cleared and replayed whole" +
                         (resumed > 0 ? $" ({resumed} cleared by an earlier run whose replay did not happen go first)." : "."));
        var done = 0;
        foreach (var plan in plans)
        {
            JsonNode? cleared = null;
            try
            {
                if (plan.ClearedAt is null)
                {
                    cleared = await api.ClearMeetingAsync(consumer, plan.SessionId, [.. plan.Deliveries.Select(d => d.Key)], cancellationToken);
                }
            }
            catch (OpsFailure failure)
            {
                throw new OpsFailure($"{failure.Message} (meetings reprocessed before it: {done} of {plans.Count}; run again for the rest)");
            }

            try
            {
                var scheduled = await ReplayAsync(consumer, plan, cancellationToken);
                await api.MarkReplayedAsync(consumer, plan.SessionId, cancellationToken);
                output.WriteLine(cleared is null
                    ? $"meeting {plan.SessionId}: cleared at {Iso(plan.ClearedAt!.Value)} by an earlier run; replay resumed: {plan.Deliveries.Count} deliveries; {scheduled} scheduled to queue {consumer}"
                    : $"meeting {plan.SessionId}: {plan.Deliveries.Count} deliveries; cleared {(int?)cleared["effectRows"]} effect rows and {(int?)cleared["inboxRows"]} inbox rows; " +
                      $"{scheduled} scheduled to queue {consumer}");
                done++;
            }
            catch (OpsFailure failure)
            {
                throw new OpsFailure(
                    $"{failure.Message} (meeting {plan.SessionId} is cleared and its replay is owed: {consumer} keeps it as pending, and the next " +
                    $"'jaas-ops reprocess {consumer}' replays it first, whatever its range; meetings reprocessed before it: {done} of {plans.Count})");
            }
        }

        output.WriteLine($"Done: {done} meeting(s) cleared in {consumer} and replayed to its queue.");
        return OpsCommandLine.Done;
    }

    // Per eventType the consumer takes, one replay of the meeting's deliveries of that type (the whole span they were received in).
    private async Task<int> ReplayAsync(string consumer, MeetingPlan plan, CancellationToken cancellationToken)
    {
        var scheduled = 0;
        foreach (var group in plan.Replayed().GroupBy(d => plan.Taken is null ? null : d.EventType))
        {
            var replay = await api.ReplayAsync(group.Min(d => d.ReceivedAt), group.Max(d => d.ReceivedAt), plan.SessionId, group.Key, consumer, cancellationToken);
            scheduled += (int?)replay["scheduled"] ?? 0;
        }

        return scheduled;
    }

    private int Refuse(IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"jaas-ops: {problem}");
        }

        error.WriteLine($"jaas-ops: reprocess refused before anything was deleted: {problems.Count} problem(s) above.");
        return OpsCommandLine.Failed;
    }

    private static async Task<T?> CheckAsync<T>(List<string> problems, Func<Task<T>> check, string prefix = "")
        where T : class
    {
        try
        {
            return await check();
        }
        catch (OpsFailure failure)
        {
            problems.Add(prefix + failure.Message);
            return null;
        }
    }

    private async Task<Dictionary<string, Owed>> PendingAsync(string consumer, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, Owed>(StringComparer.Ordinal);
        await foreach (var meeting in api.PendingMeetingsAsync(consumer, cancellationToken))
        {
            pending[(string)meeting["sessionId"]!] = new Owed(meeting["clearedAt"]!.GetValue<DateTimeOffset>(), EventTypes(meeting));
        }

        return pending;
    }

    private async Task<List<string>> MeetingsAsync(DateTimeOffset from, DateTimeOffset to, string? sessionId, CancellationToken cancellationToken)
    {
        var meetings = new List<string>();
        await foreach (var delivery in api.AcceptedDeliveriesAsync(from, to, sessionId, cancellationToken))
        {
            if ((string?)delivery["sessionId"] is { Length: > 0 } session && !meetings.Contains(session))
            {
                meetings.Add(session);
            }
        }

        return meetings;
    }

    private async Task<List<Delivery>> DeliveriesAsync(string meeting, CancellationToken cancellationToken)
    {
        var deliveries = new List<Delivery>();
        await foreach (var delivery in api.AcceptedDeliveriesAsync(Always, DateTimeOffset.UtcNow.AddDays(1), meeting, cancellationToken))
        {
            deliveries.Add(new Delivery((string)delivery["idempotencyKey"]!, (string?)delivery["eventType"] ?? "", delivery["receivedAt"]!.GetValue<DateTimeOffset>()));
        }

        return deliveries;
    }

    // The service names the eventTypes its consumers take (null: every one): the rest would only land in <queue>_skipped.
    private static HashSet<string>? EventTypes(JsonNode answer) =>
        answer["eventTypes"] is JsonArray types ? types.Select(type => (string)type!).ToHashSet(StringComparer.Ordinal) : null;

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Delivery(string Key, string EventType, DateTimeOffset ReceivedAt);

    private sealed record Owed(DateTimeOffset ClearedAt, IReadOnlySet<string>? Taken);

    /// <param name="ClearedAt">Set for a meeting an earlier run cleared and did not replay: it is only replayed.</param>
    /// <param name="Check">The dry-run clearing's answer, for a meeting to clear.</param>
    /// <param name="Taken">The eventTypes the service's consumers take (null: every one).</param>
    private sealed record MeetingPlan(string SessionId, DateTimeOffset? ClearedAt, IReadOnlyList<Delivery> Deliveries, JsonNode? Check, IReadOnlySet<string>? Taken)
    {
        public IEnumerable<Delivery> Replayed() => Deliveries.Where(d => Taken is null || Taken.Contains(d.EventType));
    }
}
