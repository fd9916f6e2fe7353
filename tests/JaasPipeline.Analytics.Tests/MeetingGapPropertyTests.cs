using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Contracts;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The gap rules over generated meetings (<see cref="GapEvidenceStreams"/>): the gaps depend on the events only, never on their order.</summary>
public sealed class MeetingGapPropertyTests
{
    private static readonly Config Meetings = Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true);

    [Test]
    public void AnyArrivalOrderWithAnyRepeats_GivesTheSameGaps()
    {
        Check.One(Meetings, Prop.ForAll(GapEvidenceStreams.Deliveries(), delivery =>
        {
            var expected = Show(MeetingGapRules.Evaluate(delivery.Evidence, delivery.Now, GapEvidenceStreams.Windows));
            var actual = Show(MeetingGapRules.Evaluate(delivery.Delivered, delivery.Now, GapEvidenceStreams.Windows));
            return (expected == actual).Label($"{delivery}\nin stream order:\n{expected}\nas delivered:\n{actual}");
        }));
    }

    [Test]
    public void EveryKind_OccursInSomeGeneratedMeeting()
    {
        // The generator reaches every rule, so the order property above is about all of them.
        var kinds = Enumerable.Range(0, 2000)
            .Select(GapEvidenceStreams.Build)
            .SelectMany(d => MeetingGapRules.Evaluate(d.Evidence, d.Now, GapEvidenceStreams.Windows).Gaps.Select(g => g.Kind))
            .ToHashSet();

        Assert.That(kinds, Is.EquivalentTo(GapKinds.All));
    }

    [Test]
    public void AGapIsNeverFoundBeforeItsWindowEnds_AndTheNextWindowEndIsAhead()
    {
        Check.One(Meetings, Prop.ForAll(GapEvidenceStreams.Deliveries(), delivery =>
        {
            var evaluation = MeetingGapRules.Evaluate(delivery.Delivered, delivery.Now, GapEvidenceStreams.Windows);
            var early = evaluation.Gaps.Where(g => g.Detail.WindowEndedAt > delivery.Now).ToList();
            return (early.Count == 0 && !(evaluation.NextWindowEndsAt <= delivery.Now))
                .Label($"{delivery}: early {string.Join(", ", early.Select(g => g.Kind))}, next {evaluation.NextWindowEndsAt:O}");
        }));
    }

    [Test]
    public void WithoutNewEvents_GapsOnlyGrowWithTime_AndChangeOnlyAtTheNextWindowEnd()
    {
        Check.One(Meetings, Prop.ForAll(GapEvidenceStreams.Deliveries(), delivery =>
        {
            var now = MeetingGapRules.Evaluate(delivery.Delivered, delivery.Now, GapEvidenceStreams.Windows);
            var later = MeetingGapRules.Evaluate(delivery.Delivered, delivery.Now.AddHours(3), GapEvidenceStreams.Windows);
            var grows = now.Gaps.All(g => later.Gaps.Any(l => l.Kind == g.Kind && l.Subject == g.Subject));
            // Just before the next window ends, nothing has changed yet: the worker need not look earlier.
            var untilNext = now.NextWindowEndsAt is { } next
                ? Show(MeetingGapRules.Evaluate(delivery.Delivered, next.AddMilliseconds(-1), GapEvidenceStreams.Windows) with { NextWindowEndsAt = null })
                  == Show(now with { NextWindowEndsAt = null })
                : Show(later with { NextWindowEndsAt = null }) == Show(now with { NextWindowEndsAt = null });
            return (grows && untilNext).Label($"{delivery}: grows {grows}, unchanged until the next window end {untilNext}");
        }));
    }

    [Test]
    public void TheFillingEvents_LeaveNoGapOfTheirKinds()
    {
        Check.One(Meetings, Prop.ForAll(GapEvidenceStreams.Deliveries(), delivery =>
        {
            var events = delivery.Delivered.Events;
            var last = events.Count == 0 ? 0 : events.Max(e => e.OccurredAt);
            GapEvent Late(string type, int i, string? participant = null, string? recording = null) => new()
            {
                IdempotencyKey = $"late-{type}-{i}", EventType = type, OccurredAt = last + 1, ParticipantId = participant, RecordingSessionId = recording,
            };
            var filling = new List<GapEvent> { Late(JaasEventTypes.RoomDestroyed, 0), Late(JaasEventTypes.TranscriptionUploaded, 0) };
            filling.AddRange(events.Where(e => e.ParticipantId is not null).Select(e => e.ParticipantId!).Distinct()
                .Select((p, i) => Late(JaasEventTypes.ParticipantLeft, i, participant: p)));
            filling.AddRange(events.Where(e => e.EventType == JaasEventTypes.RecordingEnded)
                .Select((_, i) => Late(JaasEventTypes.RecordingUploaded, i, recording: $"late-rec-{i}")));
            var evaluation = MeetingGapRules.Evaluate(
                delivery.Delivered with { Events = [.. events, .. filling] }, delivery.Now.AddDays(30), GapEvidenceStreams.Windows);
            string[] fillable = [GapKinds.RecordingNotUploaded, GapKinds.ParticipantWithoutLeave, GapKinds.RoomNotDestroyed, GapKinds.TranscriptNotUploaded];
            var left = evaluation.Gaps.Where(g => fillable.Contains(g.Kind)).ToList();
            return (left.Count == 0).Label($"{delivery}: still {string.Join(", ", left.Select(g => g.Kind + " " + g.Subject))}");
        }));
    }

    private static string Show(GapEvaluation evaluation) => JsonSerializer.Serialize(evaluation, ApiJson.Options);
}
