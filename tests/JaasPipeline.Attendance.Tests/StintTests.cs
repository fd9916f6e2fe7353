using JaasPipeline.Attendance.Reports;
using static JaasPipeline.Attendance.Tests.Facts;

namespace JaasPipeline.Attendance.Tests;

/// <summary>Rules 3, 4, 5 and 7 of <see cref="AttendanceReportBuilder"/>: stints, their closing, and AttendedMs.</summary>
public sealed class StintTests
{
    private const string Breakout = "e0f49fd5-c3dc-4f36-9612-8cdab4d8ccfd";

    [Test]
    public void ReconnectAfterLeftUnknown_IsTwoStintsAndTheGapDoesNotCount()
    {
        var report = Build(
            RoomCreated(0), Joined("p1", 10), Left("p1", 70, "unknown"), Joined("p1", 75), Left("p1", 135), RoomDestroyed(200));

        var p1 = report.Participant("p1");
        Assert.That(p1.Stints, Is.EqualTo(new[]
        {
            new Stint(Main, At(10), At(70), 60_000, "unknown"),
            new Stint(Main, At(75), At(135), 60_000, "left"),
        }));
        Assert.That(p1.AttendedMs, Is.EqualTo(120_000));
    }

    [Test]
    public void LostLeftBeforeRejoin_ClosesTheFirstStintAtTheRejoin()
    {
        var report = Build(RoomCreated(0), Joined("p1", 10), Joined("p1", 40), Left("p1", 100));

        var p1 = report.Participant("p1");
        Assert.That(p1.Stints, Is.EqualTo(new[]
        {
            new Stint(Main, At(10), At(40), 30_000, Stint.Rejoined),
            new Stint(Main, At(40), At(100), 60_000, "left"),
        }));
        Assert.That(p1.AttendedMs, Is.EqualTo(90_000));
    }

    [Test]
    public void SwitchRoomWithJoinAfterLeave_CountsEachRoomItsOwnTime()
    {
        var report = Build(
            RoomCreated(0),
            Joined("p1", 10),
            Left("p1", 60, "switch_room"),
            Joined("p1", 61, Breakout),
            Left("p1", 120, "switch_room", Breakout),
            Joined("p1", 121),
            Left("p1", 180));

        var p1 = report.Participant("p1");
        Assert.That(p1.Stints, Is.EqualTo(new[]
        {
            new Stint(Main, At(10), At(60), 50_000, "switch_room"),
            new Stint(Breakout, At(61), At(120), 59_000, "switch_room"),
            new Stint(Main, At(121), At(180), 59_000, "left"),
        }));
        Assert.That(p1.AttendedMs, Is.EqualTo(168_000));
    }

    [Test]
    public void SwitchRoomWithJoinBeforeLeave_CountsTheOverlapOnce()
    {
        var report = Build(
            RoomCreated(0),
            Joined("p1", 10),
            Joined("p1", 58.5, Breakout),
            Left("p1", 60, "switch_room"),
            Left("p1", 120, "left", Breakout));

        var p1 = report.Participant("p1");
        Assert.That(p1.Stints, Is.EqualTo(new[]
        {
            new Stint(Main, At(10), At(60), 50_000, "switch_room"),
            new Stint(Breakout, At(58.5), At(120), 61_500, "left"),
        }));
        Assert.That(p1.AttendedMs, Is.EqualTo(110_000), "10 s to 120 s, the 1.5 s overlap once");
    }

    [Test]
    public void ParticipantWhoNeverLeaves_IsClosedAtTheMainRoomsDestroy()
    {
        var report = Build(
            RoomCreated(0), Joined("p1", 10), Joined("p2", 20), Joined("p2", 30, Breakout), RoomDestroyed(100));

        Assert.That(report.Participant("p1").Stints, Is.EqualTo(new[] { new Stint(Main, At(10), At(100), 90_000, Stint.RoomDestroyed) }));
        Assert.That(report.Participant("p2").Stints, Is.EqualTo(new[]
        {
            new Stint(Main, At(20), At(100), 80_000, Stint.RoomDestroyed),
            new Stint(Breakout, At(30), At(100), 70_000, Stint.RoomDestroyed),
        }));
        Assert.That(report.Participant("p2").AttendedMs, Is.EqualTo(80_000));
    }

    [Test]
    public void MeetingWithoutDestroy_LeavesTheStintOpenAndUncounted()
    {
        var report = Build(RoomCreated(0), Joined("p1", 10));

        var p1 = report.Participant("p1");
        Assert.That(p1.Stints, Is.EqualTo(new[] { new Stint(Main, At(10), null, null, null) }));
        Assert.That(p1.AttendedMs, Is.Zero);
        Assert.That(report.EndedAt, Is.Null);
    }

    [Test]
    public void BreakoutDestroyedBeforeMain_ClosesOnlyItsOwnStints()
    {
        var report = Build(
            RoomCreated(0),
            RoomCreated(15, Breakout),
            Joined("p1", 20, Breakout),
            Joined("p2", 20),
            RoomDestroyed(50, Breakout));

        Assert.That(report.Participant("p1").Stints, Is.EqualTo(new[] { new Stint(Breakout, At(20), At(50), 30_000, Stint.RoomDestroyed) }));
        Assert.That(report.Participant("p2").Stints, Is.EqualTo(new[] { new Stint(Main, At(20), null, null, null) }));
        Assert.That(report.BreakoutRooms, Is.EqualTo(new[] { new BreakoutRoom(Breakout, At(15), At(50)) }));
        Assert.That(report.StartedAt, Is.EqualTo(At(0)));
        Assert.That(report.EndedAt, Is.Null);
    }

    [Test]
    public void DialInParticipant_IsAStintOfKindDialFromCallStartToCallEnd()
    {
        var report = Build(
            RoomCreated(0),
            CallStarted("47bc002e", 5, ParticipantKinds.Dial, "40364630871 (+40364630871)"),
            CallEnded("47bc002e", 65.25, ParticipantKinds.Dial));

        var caller = report.Participant("47bc002e");
        Assert.That(caller.Kind, Is.EqualTo(ParticipantKinds.Dial));
        Assert.That(caller.Name, Is.EqualTo("40364630871 (+40364630871)"));
        Assert.That(caller.Stints, Is.EqualTo(new[] { new Stint(Main, At(5), At(65.25), 60_250, null) }));
        Assert.That(caller.AttendedMs, Is.EqualTo(60_250));
    }

    [Test]
    public void SipCallIn_IsAStintOfKindSip()
    {
        var report = Build(
            RoomCreated(0), CallStarted("10a78ee2", 30, ParticipantKinds.Sip, "nickname"), CallEnded("10a78ee2", 90, ParticipantKinds.Sip));

        var caller = report.Participant("10a78ee2");
        Assert.That(caller.Kind, Is.EqualTo(ParticipantKinds.Sip));
        Assert.That(caller.Stints, Is.EqualTo(new[] { new Stint(Main, At(30), At(90), 60_000, null) }));
        Assert.That(caller.AttendedMs, Is.EqualTo(60_000));
    }

    [Test]
    public void LeaveWithoutOpenStint_IsIgnored()
    {
        var report = Build(RoomCreated(0), Left("p1", 5), Joined("p1", 10), Left("p1", 20), Left("p1", 25, "kicked"));

        Assert.That(report.Participant("p1").Stints, Is.EqualTo(new[] { new Stint(Main, At(10), At(20), 10_000, "left") }));
    }

    [Test]
    public void JoinAfterTheMainRoomsDestroy_IsKeptAndStaysOpen()
    {
        var report = Build(RoomCreated(0), Joined("p1", 10), RoomDestroyed(60), Joined("p1", 70));

        Assert.That(report.Participant("p1").Stints, Is.EqualTo(new[]
        {
            new Stint(Main, At(10), At(60), 50_000, Stint.RoomDestroyed),
            new Stint(Main, At(70), null, null, null),
        }));
        Assert.That(report.Participant("p1").AttendedMs, Is.EqualTo(50_000));
    }

    [Test]
    public void MillisecondTimes_GiveExactMilliseconds()
    {
        var report = Build(Joined("p1", 10.123), Left("p1", 20.5));

        Assert.That(report.Participant("p1").Stints.Single().DurationMs, Is.EqualTo(10_377));
        Assert.That(report.Participant("p1").AttendedMs, Is.EqualTo(10_377));
    }
}
