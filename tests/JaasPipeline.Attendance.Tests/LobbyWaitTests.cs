using JaasPipeline.Attendance.Reports;
using static JaasPipeline.Attendance.Tests.Facts;

namespace JaasPipeline.Attendance.Tests;

/// <summary>Rule 6 of <see cref="AttendanceReportBuilder"/>: lobby waits, their outcome and LobbyMs.</summary>
public sealed class LobbyWaitTests
{
    [Test]
    public void WaitFollowedByJoin_IsAdmitted()
    {
        var report = Build(RoomCreated(0), LobbyJoined("p1", 5), LobbyLeft("p1", 20), Joined("p1", 20), Left("p1", 80));

        var p1 = report.Participant("p1");
        Assert.That(p1.LobbyWaits, Is.EqualTo(new[] { new LobbyWait(At(5), At(20), 15_000, LobbyWait.Admitted) }));
        Assert.That(p1.LobbyMs, Is.EqualTo(15_000));
        Assert.That(p1.AttendedMs, Is.EqualTo(60_000));
    }

    [Test]
    public void WaitEndedByKick_IsRefused()
    {
        var report = Build(RoomCreated(0), LobbyJoined("p1", 5), LobbyLeft("p1", 12.5, "kicked"));

        var p1 = report.Participant("p1");
        Assert.That(p1.LobbyWaits, Is.EqualTo(new[] { new LobbyWait(At(5), At(12.5), 7_500, LobbyWait.Refused) }));
        Assert.That(p1.LobbyMs, Is.EqualTo(7_500));
        Assert.That(p1.Stints, Is.Empty);
    }

    [Test]
    public void WaitGivenUpThenAdmittedLater_IsLeftThenAdmitted()
    {
        var report = Build(
            LobbyJoined("p1", 5), LobbyLeft("p1", 10), LobbyJoined("p1", 30), LobbyLeft("p1", 40), Joined("p1", 40));

        var p1 = report.Participant("p1");
        Assert.That(p1.LobbyWaits, Is.EqualTo(new[]
        {
            new LobbyWait(At(5), At(10), 5_000, LobbyWait.Left),
            new LobbyWait(At(30), At(40), 10_000, LobbyWait.Admitted),
        }));
        Assert.That(p1.LobbyMs, Is.EqualTo(15_000));
    }

    [Test]
    public void WaitWithoutExit_IsWaitingAndUncounted()
    {
        var report = Build(RoomCreated(0), LobbyJoined("p1", 5));

        var p1 = report.Participant("p1");
        Assert.That(p1.LobbyWaits, Is.EqualTo(new[] { new LobbyWait(At(5), null, null, LobbyWait.Waiting) }));
        Assert.That(p1.LobbyMs, Is.Zero);
    }

    [Test]
    public void WaitOpenWhenTheMeetingEnds_IsClosedAtTheDestroyAsLeft()
    {
        var report = Build(RoomCreated(0), LobbyJoined("p1", 5), RoomDestroyed(65));

        var p1 = report.Participant("p1");
        Assert.That(p1.LobbyWaits, Is.EqualTo(new[] { new LobbyWait(At(5), At(65), 60_000, LobbyWait.Left) }));
        Assert.That(p1.LobbyMs, Is.EqualTo(60_000));
    }
}
