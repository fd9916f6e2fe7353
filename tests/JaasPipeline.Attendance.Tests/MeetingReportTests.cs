using System.Text.Json;
using JaasPipeline.Attendance.Reports;
using static JaasPipeline.Attendance.Tests.Facts;

namespace JaasPipeline.Attendance.Tests;

/// <summary>Rules 1, 2, 8, 9 and 10 of <see cref="AttendanceReportBuilder"/>: the meeting, repeats, who is who.</summary>
public sealed class MeetingReportTests
{
    [Test]
    public void NoFacts_IsNoReport()
    {
        Assert.That(AttendanceReportBuilder.Build(SessionId, []), Is.Null);
    }

    [Test]
    public void FactsOfAnotherSession_AreIgnored()
    {
        var report = Build(Joined("p1", 10), Joined("p2", 10) with { SessionId = "another", IdempotencyKey = "other-1" });

        Assert.That(report.Participants.Select(participant => participant.ParticipantId), Is.EqualTo(new[] { "p1" }));
        Assert.That(AttendanceReportBuilder.Build("another", [Joined("p1", 10)]), Is.Null);
    }

    [Test]
    public void MainRoomCreatedAndDestroyedTwice_SpanFromEarliestCreateToLatestDestroy()
    {
        var report = Build(
            RoomCreated(3),
            RoomCreated(1),
            RoomCreated(0.5, "b1"),
            RoomDestroyed(900, "b1"),
            RoomDestroyed(600),
            RoomDestroyed(610));

        Assert.That(report.SessionId, Is.EqualTo(SessionId));
        Assert.That(report.Fqn, Is.EqualTo(Fqn));
        Assert.That(report.StartedAt, Is.EqualTo(At(1)));
        Assert.That(report.EndedAt, Is.EqualTo(At(610)));
        Assert.That(report.BreakoutRooms, Is.EqualTo(new[] { new BreakoutRoom("b1", At(0.5), At(900)) }));
    }

    [Test]
    public void RepeatedDeliveries_AreCountedOnce()
    {
        AttendanceFact[] once = [RoomCreated(0), Joined("p1", 10), Left("p1", 70), RoomDestroyed(100)];
        var repeated = once.Concat(once.Reverse()).Concat([Left("p1", 70), Joined("p1", 10)]).ToArray();

        var report = Build(repeated);

        Assert.That(report.Participant("p1").Stints, Is.EqualTo(new[] { new Stint(Main, At(10), At(70), 60_000, "left") }));
        Assert.That(report.ToCanonicalJson(), Is.EqualTo(Build(once).ToCanonicalJson()));
    }

    [Test]
    public void ModeratorGrantByJid_MarksTheParticipantWhoseJidItNames()
    {
        const string grantedToJid = "3988218d-a6ef-40cf-8b1b-f5097f46fbf7@stage.8x8.vc";
        const string grantedByJid = "9a7f7974-b7f9-4037-b0fd-517d148eac08@stage.8x8.vc";
        var report = Build(
            // The grant is timed before the join it refers to: the match must not depend on order.
            ModeratorGranted(grantedToJid + "/oGHh5j2yMsyj", grantedByJid + "/dF6pUxzZMaFk", 15),
            Joined("3988218d", 20) with { ParticipantJid = grantedToJid + "/oGHh5j2yMsyj", Moderator = false },
            Joined("9a7f7974", 10) with { ParticipantJid = grantedByJid, Moderator = true },
            Joined("5b2e0000", 12) with { ParticipantJid = "5b2e0000-0000@stage.8x8.vc", Moderator = false });

        Assert.That(report.ModeratorGrants, Is.EqualTo(new[] { new ModeratorGrant("3988218d", "9a7f7974", At(15)) }));
        Assert.That(report.Participant("3988218d").Moderator, Is.True);
        Assert.That(report.Participant("9a7f7974").Moderator, Is.True);
        Assert.That(report.Participant("5b2e0000").Moderator, Is.False);
    }

    [Test]
    public void GrantToSomeoneNeverSeen_IsListedUnderTheBareJid()
    {
        var report = Build(Joined("p1", 10), ModeratorGranted("ghost@8x8.vc/res", "nobody@8x8.vc/res", 30));

        Assert.That(report.ModeratorGrants, Is.EqualTo(new[] { new ModeratorGrant("ghost@8x8.vc", "nobody@8x8.vc", At(30)) }));
        Assert.That(report.Participants, Has.Count.EqualTo(1));
    }

    [Test]
    public void NamesWithUnicodeQuotesAndSql_AreReturnedExactlyAsReceived()
    {
        const string name = "Zoë O'Brien \"Ångström\" 李小龙 👩🏽‍💻 \u202Ereversed\u202C";
        const string email = "robert'); DROP TABLE attendance_facts;--@example.com";
        const string userId = "auth0|5f903d7a77f3b4006eb8e67d' OR '1'='1";

        var report = Build(Joined("p1", 10) with { Name = name, Email = email, UserId = userId }, Left("p1", 20));

        var p1 = report.Participant("p1");
        Assert.That(p1.Name, Is.EqualTo(name));
        Assert.That(p1.Email, Is.EqualTo(email));
        Assert.That(p1.UserId, Is.EqualTo(userId));
        using var json = JsonDocument.Parse(report.ToCanonicalJson());
        var written = json.RootElement.GetProperty("participants")[0];
        Assert.That(written.GetProperty("name").GetString(), Is.EqualTo(name));
        Assert.That(written.GetProperty("email").GetString(), Is.EqualTo(email));
    }

    [Test]
    public void DetailsChangingDuringTheMeeting_AreTakenFromTheLatestFactWithAValue()
    {
        var report = Build(
            Joined("p1", 10) with { Name = "Jo", Email = "jo@example.com" },
            Left("p1", 20) with { Name = "Joanna", Email = null },
            Joined("p1", 30) with { Name = null, UserId = "u-1" });

        var p1 = report.Participant("p1");
        Assert.That((p1.Name, p1.Email, p1.UserId, p1.Kind), Is.EqualTo(("Joanna", "jo@example.com", "u-1", ParticipantKinds.Web)));
    }

    [Test]
    public void Participants_AreOrderedByFirstJoinOrLobbyEntryThenId()
    {
        var report = Build(Joined("c", 30), LobbyJoined("b", 10), Joined("a", 10), Left("z", 5), Joined("z", 40));

        Assert.That(report.Participants.Select(participant => participant.ParticipantId), Is.EqualTo(new[] { "a", "b", "c", "z" }));
    }

    [Test]
    public void CanonicalJson_IsCamelCaseWithUtcMillisecondTimes()
    {
        var report = Build(RoomCreated(0), Joined("p1", 10.5) with { OccurredAt = At(10.5).ToOffset(TimeSpan.FromHours(2)) });

        Assert.That(report.ToCanonicalJson(), Does.StartWith(
            $$"""{"sessionId":"{{SessionId}}","fqn":"{{Fqn}}","startedAt":"2024-05-01T10:00:00.000Z","endedAt":null,"participants":[{"participantId":"p1","""));
        Assert.That(report.ToCanonicalJson(), Does.Contain("""{"room":"main","joinedAt":"2024-05-01T10:00:10.500Z","leftAt":null,"durationMs":null,"disconnectReason":null}"""));
    }

    [TestCase("a@8x8.vc/res", "a@8x8.vc")]
    [TestCase("a@8x8.vc", "a@8x8.vc")]
    [TestCase("a@8x8.vc/res/more", "a@8x8.vc")]
    [TestCase("/res", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void BareJid_DropsTheResource(string? jid, string? expected)
    {
        Assert.That(AttendanceFact.BareJid(jid), Is.EqualTo(expected));
    }
}
