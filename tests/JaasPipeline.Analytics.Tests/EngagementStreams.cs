using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics.Tests;

/// <summary>A meeting's engagement events, what they must add up to, and one delivery of them.</summary>
/// <param name="Stream">Every event once, each under its own key.</param>
/// <param name="Delivered">The stream shuffled, some events repeated under their key, some re-sent under a new key
/// where the domain says it is the same fact (a re-sent batch of reactions, answer, feedback, start or end).</param>
internal sealed record EngagementDelivery(
    int Seed,
    IReadOnlyList<JaasEvent> Stream,
    IReadOnlyList<JaasEvent> Delivered,
    IReadOnlyDictionary<string, long> SpeakingMs,
    IReadOnlyDictionary<string, int> Reactions,
    IReadOnlyDictionary<(string PollId, int Key), int> Votes,
    (int Count, int Rated, double? Average) Feedback,
    IReadOnlyList<(long Start, long? End)> Recordings,
    IReadOnlyList<(long Start, long? End)> LiveStreams)
{
    public override string ToString() => $"seed {Seed}: {Stream.Count} events, {Delivered.Count} delivered";
}

/// <summary>
/// Plausible engagement streams, built from an FsCheck-chosen seed: speakers with and without a JWT user id (one with
/// two JIDs), one or two SPEAKER_STATS with growing totals, live reaction batches and (or not) the aggregate, polls
/// with voters changing their answer (POLL_CREATED sometimes missing), feedback with -1 ratings, recordings and live
/// streams as intervals. The expected figures come from the plan, not from the code under test.
/// </summary>
internal static class EngagementStreams
{
    public const string SessionId = "c808aef2-9bb0-4328-ae1a-dd8bac4dbc66";
    private const string Fqn = "vpaas-magic-cookie-9708f84c111b4c54a8e0374fa4bcb15a/sampleappempiricalrolesgrabforward";
    private static readonly DateTimeOffset Origin = new(2026, 3, 31, 23, 50, 0, TimeSpan.Zero);
    private static readonly string[] ReactionNames = ["like", "love", "clap", "laugh", "surprised", "boo"];
    private static readonly string?[] Names = ["Test user 1", "Zoë O'Brien", "李小龙", "\"Bobby\" Tables", null];

    public static Arbitrary<EngagementDelivery> Deliveries() =>
        Gen.Choose(0, int.MaxValue).Select(Build).ToArbitrary();

    public static EngagementDelivery Build(int seed)
    {
        var random = new Random(seed);
        var events = new List<JaasEvent>();
        var sameFact = new List<JaasEvent>();

        // SPEAKER_STATS: totals only grow from one report to the next.
        var speakerCount = random.Next(1, 5);
        var speakers = Enumerable.Range(0, speakerCount).Select(i => random.Next(3) == 0 ? null : $"google-oauth2|1140257548203795950{i}").Select((userId, i) => (
            UserId: userId,
            // A reconnect gives a participant a second JID: the same speaker when the JWT user id ties them together.
            Jids: Enumerable.Range(0, userId is not null && random.Next(3) == 0 ? 2 : 1).Select(j => $"d8d82941-dc81-4c34-a4f7-6012d7dfb3{i}{j}@8x8.vc/66wbG6M{j}").ToArray(),
            Name: Names[random.Next(Names.Length)])).ToList();
        var speaking = new Dictionary<string, long>(StringComparer.Ordinal);
        var reportCount = random.Next(1, 3);
        var totals = speakers.Select(s => s.Jids.Select(_ => (long)random.Next(0, 20_000)).ToArray()).ToList();
        for (var report = 0; report < reportCount; report++)
        {
            var stats = new List<SpeakerStat>();
            for (var i = 0; i < speakers.Count; i++)
            {
                for (var j = 0; j < speakers[i].Jids.Length; j++)
                {
                    totals[i][j] += report == 0 ? 0 : random.Next(0, 5_000);
                    stats.Add(new SpeakerStat { Jid = speakers[i].Jids[j], UserId = speakers[i].UserId, Name = speakers[i].Name, Time = totals[i][j] });
                }

                speaking[speakers[i].UserId ?? speakers[i].Jids[0]] = totals[i].Sum();
            }

            events.Add(Envelope(new SpeakerStatsReported { Speakers = stats }, JaasEventTypes.SpeakerStats, 600 + report * 60));
        }

        // Reactions: live batches; the aggregate, when it comes, is the complete set (and here says more than the live ones).
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        var all = new List<ReactionEntry>();
        for (var batch = random.Next(0, 6); batch > 0; batch--)
        {
            var sender = random.Next(3);
            var at = random.Next(0, 500);
            if (events.OfType<ReactionsSent>().Any(b => b.ParticipantId == $"user-{sender}" && b.Timestamp == Origin.AddSeconds(at)))
            {
                continue;
            }

            var reactions = Enumerable.Range(0, random.Next(1, 4)).Select(_ => ReactionNames[random.Next(ReactionNames.Length)]).ToList();
            var sent = Envelope(new ReactionsSent
            {
                ParticipantId = $"user-{sender}", ParticipantJid = $"jid-{sender}@8x8.vc", ParticipantName = Names[sender], Reactions = reactions,
            }, JaasEventTypes.Reactions, at);
            events.Add(sent);
            if (random.Next(3) == 0)
            {
                sameFact.Add(sent);
            }

            foreach (var reaction in reactions)
            {
                live[reaction] = live.GetValueOrDefault(reaction) + 1;
                all.Add(new ReactionEntry { ParticipantId = $"user-{sender}", ParticipantName = Names[sender], Reaction = reaction, Timestamp = sent.Timestamp });
            }
        }

        var expectedReactions = live;
        if (random.Next(5) < 3)
        {
            for (var extra = random.Next(0, 3); extra > 0; extra--)
            {
                all.Add(new ReactionEntry { ParticipantId = "user-9", Reaction = ReactionNames[random.Next(ReactionNames.Length)], Timestamp = Origin.AddSeconds(100) });
            }

            var aggregated = Envelope(new ReactionsAggregated { Reactions = all }, JaasEventTypes.AggregatedReactions, 700);
            events.Add(aggregated);
            if (random.Next(3) == 0)
            {
                sameFact.Add(aggregated);
            }

            expectedReactions = all.GroupBy(r => r.Reaction!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }

        // Polls: each voter's latest answer counts; POLL_CREATED may be missing or arrive after the answers.
        var votes = new Dictionary<(string, int), int>();
        for (var poll = random.Next(0, 3); poll > 0; poll--)
        {
            var pollId = $"poll-{poll}-{random.Next(1000)}";
            var options = Enumerable.Range(0, random.Next(2, 5)).Select(key => new PollAnswerOption { Key = key, Name = $"Option {key}" }).ToList();
            var created = random.Next(5) > 0;
            var voters = random.Next(0, 5);
            if (created)
            {
                events.Add(Envelope(new PollCreated { PollId = pollId, Question = "Which one?", Answers = options, User = new PollUser { UserId = "owner" } },
                    JaasEventTypes.PollCreated, 50));
            }

            // A poll nobody created (as far as we know) and nobody answered is unknown.
            foreach (var option in created || voters > 0 ? options : [])
            {
                votes[(pollId, option.Key!.Value)] = 0;
            }

            for (var voter = voters; voter > 0; voter--)
            {
                var user = random.Next(2) == 0
                    ? new PollUser { UserId = $"voter-{voter}", CurrentName = Names[voter % Names.Length] }
                    : new PollUser { ParticipantJid = $"voter-{voter}@8x8.vc/abc", CurrentName = Names[voter % Names.Length] };
                bool[] last = [];
                var at = random.Next(40, 60); // an answer may come before its poll
                for (var answer = random.Next(1, 4); answer > 0; answer--)
                {
                    at += random.Next(1, 30);
                    last = options.Select(_ => random.Next(3) == 0).ToArray();
                    var answered = Envelope(new PollAnswered
                    {
                        PollId = pollId, User = user,
                        Answers = options.Select((o, i) => o with { Checked = last[i] }).ToList(),
                    }, JaasEventTypes.PollAnswer, at);
                    events.Add(answered);
                    if (random.Next(3) == 0)
                    {
                        sameFact.Add(answered);
                    }
                }

                for (var i = 0; i < options.Count; i++)
                {
                    votes[(pollId, i)] += last[i] ? 1 : 0;
                }
            }
        }

        // Feedback: -1 is "not given".
        var ratings = new List<int>();
        for (var feedback = random.Next(0, 5); feedback > 0; feedback--)
        {
            var rating = new[] { -1, 1, 2, 3, 4, 5 }[random.Next(6)];
            ratings.Add(rating);
            var submitted = Envelope(new FeedbackSubmitted { Rating = rating, UserId = $"user-{feedback}", Comments = "ok" }, JaasEventTypes.Feedback, 800 + feedback);
            events.Add(submitted);
            if (random.Next(3) == 0)
            {
                sameFact.Add(submitted);
            }
        }

        var rated = ratings.Where(r => r > 0).ToList();
        var recordings = Intervals(random, events, sameFact, JaasEventTypes.RecordingStarted, JaasEventTypes.RecordingEnded);
        var liveStreams = Intervals(random, events, sameFact, JaasEventTypes.LiveStreamStarted, JaasEventTypes.LiveStreamEnded);

        var stream = events.Select((e, i) => e with { IdempotencyKey = $"{i:D3}-4431e735-b327-4e38-9e29-a8136d4d3624" }).ToList();
        var renumbered = sameFact.Select(e => stream[events.FindIndex(x => ReferenceEquals(x, e))]).ToList();
        var delivered = stream
            .Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => stream[random.Next(stream.Count)]))
            .Concat(renumbered.Select((e, i) => e with { IdempotencyKey = $"resent-{i}-{e.IdempotencyKey}" }))
            .OrderBy(_ => random.Next())
            .ToList();
        return new EngagementDelivery(
            seed, stream, delivered, speaking, expectedReactions, votes,
            (ratings.Count, rated.Count, rated.Count == 0 ? null : rated.Average()), recordings, liveStreams);
    }

    private static List<(long, long?)> Intervals(Random random, List<JaasEvent> events, List<JaasEvent> sameFact, string started, string ended)
    {
        var intervals = new List<(long, long?)>();
        var at = random.Next(0, 100);
        for (var count = random.Next(0, 3); count > 0; count--)
        {
            var start = at;
            var end = count == 1 && random.Next(3) == 0 ? (int?)null : start + random.Next(0, 300);
            events.Add(Media(started, start));
            if (random.Next(3) == 0)
            {
                sameFact.Add(events[^1]);
            }

            if (end is { } stop)
            {
                events.Add(Media(ended, stop));
                if (random.Next(3) == 0)
                {
                    sameFact.Add(events[^1]);
                }
            }

            intervals.Add((start * 1000L, end * 1000L));
            at = (end ?? start) + random.Next(1, 100);
        }

        return intervals;
    }

    private static JaasEvent Media(string eventType, int at) => eventType switch
    {
        JaasEventTypes.RecordingStarted => Envelope(new RecordingStarted { Conference = "room@conference.8x8.vc" }, eventType, at),
        JaasEventTypes.RecordingEnded => Envelope(new RecordingEnded { Conference = "room@conference.8x8.vc" }, eventType, at),
        JaasEventTypes.LiveStreamStarted => Envelope(new LiveStreamStarted { Conference = "room@conference.8x8.vc" }, eventType, at),
        _ => Envelope(new LiveStreamEnded { Conference = "room@conference.8x8.vc" }, eventType, at),
    };

    private static T Envelope<T>(T jaasEvent, string eventType, int seconds) where T : JaasEvent => jaasEvent with
    {
        EventType = eventType,
        SessionId = SessionId,
        Fqn = Fqn,
        CustomerId = "9708f84c111b4c54a8e0374fa4bcb15a",
        Timestamp = Origin.AddSeconds(seconds),
    };
}
