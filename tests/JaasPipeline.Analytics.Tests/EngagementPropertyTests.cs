using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Analytics.Reports;
using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Each rule of issue 12 over shuffled and duplicated streams (<see cref="EngagementStreams"/>): the same fact again
/// under its key, and the same fact under a new key where the domain says it is the same.
/// </summary>
public sealed class EngagementPropertyTests
{
    private static readonly Config Streams = Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true);

    [Test]
    public void AnyOrderWithAnyRepeats_BuildsTheSameReport()
    {
        Check.One(Streams, Prop.ForAll(EngagementStreams.Deliveries(), delivery =>
        {
            var expected = Report(delivery.Stream).ToCanonicalJson();
            var actual = Report(delivery.Delivered).ToCanonicalJson();
            return (expected == actual).Label($"in stream order:\n{expected}\nas delivered:\n{actual}");
        }));
    }

    [Test]
    public void Reactions_ComeFromTheAggregateOnceItArrivedElseFromLiveBatches_NeverTwice()
    {
        Check.One(Streams, Prop.ForAll(EngagementStreams.Deliveries(), delivery =>
        {
            var actual = Report(delivery.Delivered).Reactions;
            return Same(actual, delivery.Reactions).Label($"expected {Show(delivery.Reactions)}, got {Show(actual)}");
        }));
    }

    [Test]
    public void Polls_CountEachVotersLatestAnswerOnce_EvenBeforeThePollIsCreated()
    {
        Check.One(Streams, Prop.ForAll(EngagementStreams.Deliveries(), delivery =>
        {
            var actual = Report(delivery.Delivered).Polls
                .SelectMany(p => p.Answers.Select(a => (Key: (p.PollId, a.Key), a.Votes)))
                .ToDictionary(x => x.Key, x => x.Votes);
            var same = actual.Count == delivery.Votes.Count && delivery.Votes.All(v => actual.GetValueOrDefault(v.Key, -1) == v.Value);
            return same.Label($"expected {string.Join(", ", delivery.Votes)}, got {string.Join(", ", actual)}");
        }));
    }

    [Test]
    public void Feedback_CountsEveryFeedbackOnce_AndLeavesRatingMinusOneOutOfTheAverage()
    {
        Check.One(Streams, Prop.ForAll(EngagementStreams.Deliveries(), delivery =>
        {
            var actual = Report(delivery.Delivered).Feedback;
            var (count, rated, average) = delivery.Feedback;
            var same = actual.Count == count && actual.Rated == rated
                && (average is null ? actual.AverageRating is null : Math.Abs(actual.AverageRating!.Value - average.Value) < 1e-6);
            return same.Label($"expected ({count}, {rated}, {average}), got {actual}");
        }));
    }

    [Test]
    public void SpeakingTime_IsPerJwtUserElseJid_TheLargestTotalOfAnyReport()
    {
        Check.One(Streams, Prop.ForAll(EngagementStreams.Deliveries(), delivery =>
        {
            var actual = Report(delivery.Delivered).Speakers.ToDictionary(s => s.UserId, s => s.SpeakingMs, StringComparer.Ordinal);
            var same = actual.Count == delivery.SpeakingMs.Count && delivery.SpeakingMs.All(s => actual.GetValueOrDefault(s.Key, -1) == s.Value);
            return same.Label($"expected {string.Join(", ", delivery.SpeakingMs)}, got {string.Join(", ", actual)}");
        }));
    }

    [Test]
    public void RecordingsAndLiveStreams_PairStartedWithEndedWhateverTheArrivalOrder()
    {
        Check.One(Streams, Prop.ForAll(EngagementStreams.Deliveries(), delivery =>
        {
            var report = Report(delivery.Delivered);
            return Same(report.Recordings, report.RecordingMs, delivery.Recordings).Label($"recordings {string.Join(", ", report.Recordings)}")
                .And(Same(report.LiveStreams, report.LiveStreamMs, delivery.LiveStreams).Label($"live streams {string.Join(", ", report.LiveStreams)}"));
        }));
    }

    [Test]
    public void ReactionsAggregatedArrivingLast_ReplacesTheLiveCountsInsteadOfAddingToThem()
    {
        var live = Event(new ReactionsSent { ParticipantId = "u1", Reactions = ["like", "like"] }, "k1", 10);
        var aggregate = Event(new ReactionsAggregated
        {
            Reactions = [new ReactionEntry { ParticipantId = "u1", Reaction = "like" }, new ReactionEntry { ParticipantId = "u1", Reaction = "like" }, new ReactionEntry { ParticipantId = "u2", Reaction = "clap" }],
        }, "k2", 20);

        Assert.That(Report([live]).Reactions, Is.EqualTo(new Dictionary<string, int> { ["like"] = 2 }));
        Assert.That(Report([live, aggregate]).Reactions, Is.EqualTo(new Dictionary<string, int> { ["clap"] = 1, ["like"] = 2 }));
    }

    [Test]
    public void VoterWhoChangedTheirAnswer_CountsOnlyForTheLatestOne()
    {
        PollAnswered Answer(string key, int at, int chosen) => Event(new PollAnswered
        {
            PollId = "p", User = new PollUser { UserId = "v" },
            Answers = [new PollAnswerOption { Key = 0, Name = "Yes", Checked = chosen == 0 }, new PollAnswerOption { Key = 1, Name = "No", Checked = chosen == 1 }],
        }, key, at);

        // The later answer arrives first; the earlier one is then re-sent under a new key.
        var report = Report([Answer("k2", 20, 1), Answer("k1", 10, 0), Answer("k1-again", 10, 0)]);

        Assert.That(report.Polls.Single().Answers.Select(a => (a.Key, a.Name, a.Votes)), Is.EqualTo(new[] { (0, "Yes", 0), (1, "No", 1) }));
    }

    private static bool Same(IReadOnlyDictionary<string, int> actual, IReadOnlyDictionary<string, int> expected) =>
        actual.Count == expected.Count && expected.All(e => actual.GetValueOrDefault(e.Key) == e.Value);

    // Durations in whole ms (docs/api.md §4): each interval's, and their total, exactly the generated ones.
    private static bool Same(IReadOnlyList<MediaInterval> actual, long totalMs, IReadOnlyList<(long Start, long? End)> expected) =>
        actual.Count == expected.Count
        && actual.Zip(expected).All(x => x.First.StartedAt?.ToUnixTimeMilliseconds() - Origin == x.Second.Start
            && (x.First.EndedAt?.ToUnixTimeMilliseconds() - Origin) == x.Second.End
            && x.First.DurationMs == (x.Second.End is { } end ? end - x.Second.Start : 0))
        && totalMs == expected.Sum(e => e.End is { } end ? end - e.Start : 0);

    private static readonly long Origin = new DateTimeOffset(2026, 3, 31, 23, 50, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static string Show(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal));

    private static T Event<T>(T jaasEvent, string key, int seconds) where T : JaasEvent =>
        jaasEvent with { IdempotencyKey = key, SessionId = EngagementStreams.SessionId, Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Origin).AddSeconds(seconds) };

    private static AnalyticsReport Report(IEnumerable<JaasEvent> facts) =>
        AnalyticsReportBuilder.Build(EngagementStreams.SessionId, facts, []) ?? throw new InvalidOperationException("A generated meeting has facts.");
}
