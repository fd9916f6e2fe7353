using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Attendance.Reports;

namespace JaasPipeline.Attendance.Tests;

/// <summary>
/// What must hold for every plausible meeting (<see cref="MeetingStreams"/>): JaaS delivers in any order and repeats
/// deliveries (docs/jaas-reference.md, Delivery), so the report may depend on the set of facts only.
/// </summary>
public sealed class AttendanceReportPropertyTests
{
    private const string SessionId = "64aa6549-8e80-47aa-a63e-151eedd74fbf";

    private static readonly Config Streams = Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true);

    [Test]
    public void AnyOrderWithAnyRepeats_BuildsTheSameReport()
    {
        Check.One(Streams, Prop.ForAll(MeetingStreams.Deliveries(), delivery =>
        {
            var expected = Report(delivery.Stream).ToCanonicalJson();
            var actual = Report(delivery.Delivered).ToCanonicalJson();
            return (expected == actual).Label($"in stream order:\n{expected}\nas delivered:\n{actual}");
        }));
    }

    [Test]
    public void MeetingThatEndsAfterAllItsFacts_HasNoParticipantLongerThanTheMeeting()
    {
        Check.One(Streams, Prop.ForAll(MeetingStreams.Deliveries(meetingEndsAfterEverything: true), delivery =>
        {
            var report = Report(delivery.Delivered);
            var inside = report is { StartedAt: { } startedAt, EndedAt: { } endedAt }
                && delivery.Stream.All(fact => fact.OccurredAt >= startedAt && fact.OccurredAt <= endedAt);
            var length = (long)((report.EndedAt ?? default) - (report.StartedAt ?? default)).TotalMilliseconds;
            var longest = report.Participants.Max(participant => participant.AttendedMs);
            return (inside && longest <= length).Label($"meeting {length} ms, longest attendance {longest} ms, facts inside: {inside}");
        }));
    }

    [Test]
    public void AnyMeeting_HasNoNegativeDurations()
    {
        Check.One(Streams, Prop.ForAll(MeetingStreams.Deliveries(), delivery =>
        {
            var report = Report(delivery.Delivered);
            var stints = report.Participants.SelectMany(participant => participant.Stints).ToList();
            var waits = report.Participants.SelectMany(participant => participant.LobbyWaits).ToList();
            return stints.Where(stint => stint.LeftAt is not null).All(stint => stint.DurationMs >= 0).Label("closed stint DurationMs >= 0")
                .And(waits.Where(wait => wait.LeftAt is not null).All(wait => wait.DurationMs >= 0).Label("closed wait DurationMs >= 0"))
                .And(report.Participants.All(participant => participant.LobbyMs >= 0).Label("LobbyMs >= 0"))
                .And(report.Participants.All(participant => participant.AttendedMs >= 0).Label("AttendedMs >= 0"));
        }));
    }

    private static AttendanceReport Report(IEnumerable<AttendanceFact> facts) =>
        AttendanceReportBuilder.Build(SessionId, facts) ?? throw new InvalidOperationException("A generated meeting has facts.");
}
