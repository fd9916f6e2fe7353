using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics.Reports;

/// <summary>
/// Derives a meeting's figures from its facts as received. JaaS delivers in any order and more than once
/// (docs/jaas-reference.md, Delivery), sometimes re-sending the same thing under a new idempotency key, so every
/// figure depends on the set of facts only and a fact the domain says is the same is counted once.
/// </summary>
public static class AnalyticsReportBuilder
{
    /// <summary>The meeting's report; null when nothing at all is known of it (unless <paramref name="known"/>).</summary>
    /// <param name="fqn">The meeting's fqn as the journal knows it; else the facts' own.</param>
    public static AnalyticsReport? Build(
        string sessionId, IEnumerable<JaasEvent> facts, IEnumerable<CallQuality> quality, bool known = false, string? fqn = null)
    {
        var all = facts.ToList();
        var summaries = quality.ToList();
        if (all.Count == 0 && summaries.Count == 0 && !known)
        {
            return null;
        }

        var recordings = Intervals(all.OfType<RecordingStarted>().Select(e => e.Timestamp), all.OfType<RecordingEnded>().Select(e => e.Timestamp));
        var liveStreams = Intervals(all.OfType<LiveStreamStarted>().Select(e => e.Timestamp), all.OfType<LiveStreamEnded>().Select(e => e.Timestamp));
        return new AnalyticsReport(
            sessionId,
            fqn ?? all.Select(e => e.Fqn).Where(f => !string.IsNullOrEmpty(f)).Order(StringComparer.Ordinal).FirstOrDefault(),
            Speakers(all.OfType<SpeakerStatsReported>()),
            Reactions(all.OfType<ReactionsSent>(), all.OfType<ReactionsAggregated>()),
            Polls(all.OfType<PollCreated>(), all.OfType<PollAnswered>()),
            Feedback(all.OfType<FeedbackSubmitted>()),
            recordings,
            recordings.Sum(r => r.DurationMs),
            liveStreams,
            liveStreams.Sum(l => l.DurationMs),
            summaries.OrderBy(q => q.ParticipantId, StringComparer.Ordinal).ThenBy(q => q.EndpointId, StringComparer.Ordinal)
                .ThenBy(q => q.Status, StringComparer.Ordinal).ThenBy(q => q.Reason, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Each SPEAKER_STATS gives totals: within one report a participant's JIDs (reconnects) add up; across reports
    /// (a repeat under a new key, a later report) the largest total counts, as totals only grow.
    /// </summary>
    private static List<SpeakerTime> Speakers(IEnumerable<SpeakerStatsReported> reports) =>
        reports
            .SelectMany(report => report.Speakers
                .GroupBy(SpeakerKey, StringComparer.Ordinal)
                .Select(g => new SpeakerTime(
                    g.Key,
                    g.Select(s => s.Name).Where(n => n is not null).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault(),
                    g.Sum(s => s.Time ?? 0))))
            .GroupBy(s => s.UserId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.SpeakingMs).ThenBy(s => s.Name ?? "", StringComparer.Ordinal).First())
            .OrderBy(s => s.UserId, StringComparer.Ordinal)
            .ToList();

    // Issue 12: the JWT user id when present, else the JID the entry was keyed by.
    private static string SpeakerKey(SpeakerStat stat) => string.IsNullOrEmpty(stat.UserId) ? stat.Jid : stat.UserId;

    /// <summary>
    /// AGGREGATED_REACTIONS is the meeting's complete set: once one has arrived, counts come from it alone (one of
    /// them, the same whichever arrived first); before, from the live REACTIONS, a batch re-sent under a new key
    /// (same sender, same time) counted once.
    /// </summary>
    private static SortedDictionary<string, int> Reactions(IEnumerable<ReactionsSent> live, IEnumerable<ReactionsAggregated> aggregated)
    {
        var final = aggregated
            .OrderByDescending(a => a.Timestamp)
            .ThenByDescending(a => a.Reactions.Count)
            .ThenBy(a => string.Join('\n', a.Reactions.Select(r => $"{r.ParticipantId}\t{r.Timestamp?.ToUnixTimeMilliseconds()}\t{r.Reaction}").Order(StringComparer.Ordinal)), StringComparer.Ordinal)
            .FirstOrDefault();
        var reactions = final is not null
            ? final.Reactions.Select(r => r.Reaction)
            : live
                .GroupBy(batch => (Sender: batch.ParticipantId ?? batch.ParticipantJid ?? "", batch.Timestamp))
                .SelectMany(batch => batch.OrderBy(b => string.Join('\n', b.Reactions), StringComparer.Ordinal).First().Reactions)
                .Select(r => (string?)r);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var reaction in reactions.Where(r => !string.IsNullOrEmpty(r)))
        {
            counts[reaction!] = counts.GetValueOrDefault(reaction!) + 1;
        }

        return counts;
    }

    /// <summary>
    /// A POLL_ANSWER may arrive before its POLL_CREATED. Each voter's latest answer (by payload timestamp) counts,
    /// once; an option's tally is the number of voters whose latest answer checked it.
    /// </summary>
    private static List<PollTally> Polls(IEnumerable<PollCreated> created, IEnumerable<PollAnswered> answered)
    {
        var polls = created.Where(p => !string.IsNullOrEmpty(p.PollId))
            .GroupBy(p => p.PollId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Timestamp).ThenBy(p => p.Question, StringComparer.Ordinal).First(), StringComparer.Ordinal);
        var latest = answered.Where(a => !string.IsNullOrEmpty(a.PollId))
            .GroupBy(a => a.PollId!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(VoterKey, StringComparer.Ordinal)
                    // Two different answers at the same millisecond: the tie is broken by content, never by arrival.
                    .Select(voter => voter.OrderByDescending(a => a.Timestamp).ThenBy(CheckedKeys, StringComparer.Ordinal).First())
                    .ToList(),
                StringComparer.Ordinal);

        return polls.Keys.Union(latest.Keys, StringComparer.Ordinal)
            .Select(pollId =>
            {
                var poll = polls.GetValueOrDefault(pollId);
                var votes = latest.GetValueOrDefault(pollId) ?? [];
                var options = (poll?.Answers ?? votes.SelectMany(v => v.Answers))
                    .Where(o => o.Key is not null)
                    .GroupBy(o => o.Key!.Value)
                    .Select(g => (Key: g.Key, Name: g.Select(o => o.Name).Where(n => n is not null).Order(StringComparer.Ordinal).FirstOrDefault()))
                    .OrderBy(o => o.Key);
                var answers = options
                    .Select(o => new PollAnswerTally(o.Key, o.Name, votes.Count(v => v.Answers.Any(a => a.Key == o.Key && a.Checked == true))))
                    .ToList();
                return (First: poll?.Timestamp, Tally: new PollTally(pollId, poll?.Question, answers));
            })
            .OrderBy(p => p.First ?? DateTimeOffset.MaxValue)
            .ThenBy(p => p.Tally.PollId, StringComparer.Ordinal)
            .Select(p => p.Tally)
            .ToList();
    }

    private static string VoterKey(PollAnswered answer) =>
        answer.User?.UserId is { Length: > 0 } userId ? "id:" + userId
        : answer.User?.ParticipantJid is { Length: > 0 } jid ? "jid:" + jid
        : "name:" + answer.User?.CurrentName;

    private static string CheckedKeys(PollAnswered answer) =>
        string.Join(',', answer.Answers.Where(a => a.Checked == true && a.Key is not null).Select(a => a.Key!.Value).Order());

    /// <summary>Rating -1 (or none) means "not given": counted in <c>count</c>, left out of <c>rated</c> and the average.
    /// The same feedback re-sent under a new key (same user, time, rating, comments) counts once.</summary>
    private static FeedbackSummary Feedback(IEnumerable<FeedbackSubmitted> feedback)
    {
        var distinct = feedback.DistinctBy(f => (f.UserId, f.Timestamp, f.Rating, f.Comments)).ToList();
        var ratings = distinct.Where(f => f.Rating is >= 1).Select(f => f.Rating!.Value).ToList();
        return new FeedbackSummary(distinct.Count, ratings.Count, ratings.Count == 0 ? null : Math.Round(ratings.Average(), 6));
    }

    /// <summary>
    /// STARTED/ENDED paired by time whatever their arrival order: a start opens an interval if none is open, an end
    /// closes the open one. An end with nothing open, or a start never ended, gives a half-known interval of 0 ms.
    /// </summary>
    private static List<MediaInterval> Intervals(IEnumerable<DateTimeOffset> starts, IEnumerable<DateTimeOffset> ends)
    {
        var timeline = starts.Distinct().Select(t => (At: t, IsStart: true))
            .Concat(ends.Distinct().Select(t => (At: t, IsStart: false)))
            .OrderBy(e => e.At)
            .ThenByDescending(e => e.IsStart);
        var intervals = new List<MediaInterval>();
        DateTimeOffset? open = null;
        foreach (var (at, isStart) in timeline)
        {
            if (isStart)
            {
                open ??= at;
            }
            else
            {
                intervals.Add(new MediaInterval(open, at, open is { } started ? (long)(at - started).TotalMilliseconds : 0));
                open = null;
            }
        }

        if (open is not null)
        {
            intervals.Add(new MediaInterval(open, null, 0));
        }

        return intervals;
    }
}
