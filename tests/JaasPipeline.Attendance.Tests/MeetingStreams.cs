using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Attendance.Reports;

namespace JaasPipeline.Attendance.Tests;

/// <summary>
/// FsCheck generators of plausible meeting fact streams: several participants (web, SIP, phone), lobby waits,
/// reconnects with and without their LEFT, switch_room moves into and out of breakout rooms in both orders,
/// breakout rooms destroyed early, moderator grants by JID, a main-room destroy or none. Times sit on a coarse grid
/// so that equal timestamps are common.
/// </summary>
internal static class MeetingStreams
{
    private const string SessionId = "64aa6549-8e80-47aa-a63e-151eedd74fbf";
    private const string Fqn = "vpaas-magic-cookie-ea0dbb6e93e94e60a6168953b068f7ad/automation";
    private static readonly DateTimeOffset Origin = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Breakouts = ["e0f49fd5-c3dc-4f36-9612-8cdab4d8ccfd", "7d1c9a30-0b6e-4f9e-9d0e-5a1f3c2b8e44"];

    private static readonly string?[] Names =
    [
        "Ada Lovelace", "Zoë O'Brien", "李小龙", "\"Bobby\" Tables", "Robert'); DROP TABLE attendance_facts;--",
        "👩🏽‍💻 Dev", "\u202Ereversed\u202C", "", null,
    ];

    private static readonly string?[] Emails = ["ada@example.com", "o'brien@example.com", "x' OR '1'='1@example.com", null];

    /// <summary>A stream and one delivery of it: every fact in any order, some of them several times.</summary>
    public static Arbitrary<MeetingDelivery> Deliveries(bool meetingEndsAfterEverything = false) =>
        Plans(meetingEndsAfterEverything)
            .Select(ToFacts)
            .SelectMany(WithKeys)
            .SelectMany(Delivered)
            .ToArbitrary();

    // Keys in an order unrelated to time, so that ties between equal timestamps are broken every which way.
    private static Gen<IReadOnlyList<AttendanceFact>> WithKeys(IReadOnlyList<AttendanceFact> facts) =>
        Gen.Shuffle(Enumerable.Range(0, facts.Count)).Select(IReadOnlyList<AttendanceFact> (numbers) => facts
            .Select((fact, index) => fact with
            {
                IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"{numbers[index]:D3}-9e9e7420-562d-4659-8e22-44b9b22aaa49"),
            })
            .ToList());

    private static Gen<MeetingDelivery> Delivered(IReadOnlyList<AttendanceFact> stream) =>
        from repeatCount in Gen.Choose(0, 12)
        from repeats in Gen.ListOf(Gen.Elements(stream.ToArray()), repeatCount)
        // A repeat is the same fact again: same key, same content (docs/jaas-reference.md, Delivery).
        from delivered in Gen.Shuffle(stream.Concat(repeats))
        select new MeetingDelivery(stream, delivered);

    private static Gen<MeetingPlan> Plans(bool endsAfterEverything) =>
        from participantCount in Gen.Choose(1, 5)
        from participants in Gen.ListOf(Participant(), participantCount)
        from breakouts in Gen.ListOf(BreakoutRoom(), Breakouts.Length)
        from grantCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Constant(2)))
        from grants in Gen.ListOf(Grant(participantCount), grantCount)
        from created in endsAfterEverything ? Gen.Constant(true) : Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from createdTwice in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        from end in endsAfterEverything
            ? Gen.Constant(MeetingEnd.AfterEverything)
            : Gen.Frequency(
                (3, Gen.Constant(MeetingEnd.Open)), (5, Gen.Constant(MeetingEnd.AfterEverything)), (2, Gen.Constant(MeetingEnd.Midway)))
        from endDelay in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(0, 10)))
        from midwayAt in Gen.Choose(20, 200)
        select new MeetingPlan(created, createdTwice, end, endDelay, midwayAt, participants, breakouts, grants);

    private static Gen<ParticipantPlan> Participant() =>
        from kind in Gen.Frequency(
            (6, Gen.Constant(ParticipantKinds.Web)), (1, Gen.Constant(ParticipantKinds.Sip)), (1, Gen.Constant(ParticipantKinds.Dial)))
        from usesParticipantId in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from name in Gen.Elements(Names)
        from email in Gen.Elements(Emails)
        from moderator in Gen.Elements<bool?>(true, false, false, null)
        from startsAt in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 30)))
        from milliseconds in Gen.Elements(0, 0, 0, 500, 999)
        from lobby in kind == ParticipantKinds.Web
            ? Gen.Frequency(
                (5, Gen.Constant(LobbyPlan.None)), (3, Gen.Constant(LobbyPlan.Admitted)), (1, Gen.Constant(LobbyPlan.Refused)),
                (1, Gen.Constant(LobbyPlan.GaveUp)), (1, Gen.Constant(LobbyPlan.StillWaiting)))
            : Gen.Constant(LobbyPlan.None)
        from lobbySeconds in Gen.Choose(0, 10)
        from segmentCount in Gen.Choose(1, 4)
        from segments in Gen.ListOf(Segment(kind == ParticipantKinds.Web), segmentCount)
        select new ParticipantPlan(
            kind, usesParticipantId, name, email, moderator, startsAt, milliseconds, lobby, lobbySeconds, segments);

    private static Gen<SegmentPlan> Segment(bool web) =>
        from room in web ? Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2))) : Gen.Constant(0)
        from seconds in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(0, 60)))
        from renameTo in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, Names.Length - 1)))
        from end in web
            ? Gen.Frequency(
                (3, Gen.Constant(SegmentEnd.Left)), (2, Gen.Constant(SegmentEnd.Unknown)), (1, Gen.Constant(SegmentEnd.Kicked)),
                (2, Gen.Constant(SegmentEnd.Lost)), (4, Gen.Constant(SegmentEnd.SwitchRoom)))
            : Gen.Frequency((4, Gen.Constant(SegmentEnd.Left)), (1, Gen.Constant(SegmentEnd.Lost)))
        from gap in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(0, 5)))
        from overlap in Gen.Choose(-2, 2)
        select new SegmentPlan(room, seconds, renameTo, end, gap, overlap);

    private static Gen<BreakoutPlan> BreakoutRoom() =>
        from created in Gen.Frequency((4, Gen.Choose(0, 40).Select(at => (int?)at)), (1, Gen.Constant((int?)null)))
        from destroyed in Gen.Frequency((1, Gen.Choose(30, 150).Select(at => (int?)at)), (1, Gen.Constant((int?)null)))
        select new BreakoutPlan(created, destroyed);

    private static Gen<GrantPlan> Grant(int participantCount) =>
        from to in Gen.Choose(0, participantCount - 1)
        from grantedBy in Gen.Choose(0, participantCount)
        from at in Gen.Choose(0, 150)
        select new GrantPlan(to, grantedBy, at);

    private static IReadOnlyList<AttendanceFact> ToFacts(MeetingPlan plan)
    {
        var facts = new List<AttendanceFact>();
        var room = new Func<int, string>(index => index == 0 ? AttendanceFact.MainRoom : Breakouts[index - 1]);

        for (var index = 0; index < plan.Participants.Count; index++)
        {
            facts.AddRange(ParticipantFacts(index, plan.Participants[index], room));
        }

        foreach (var grant in plan.Grants)
        {
            facts.Add(Fact(AttendanceFactKind.ModeratorGranted, grant.At * 1000L, AttendanceFact.MainRoom) with
            {
                ParticipantKey = Jid(grant.To),
                ParticipantJid = Jid(grant.To),
                GrantedByKey = Jid(grant.By), // By may be one past the last participant: a granter never seen.
            });
        }

        for (var index = 0; index < Breakouts.Length; index++)
        {
            if (plan.Breakouts[index].CreatedAt is { } createdAt)
            {
                facts.Add(Fact(AttendanceFactKind.RoomCreated, createdAt * 1000L, Breakouts[index]));
            }

            if (plan.Breakouts[index].DestroyedAt is { } destroyedAt)
            {
                facts.Add(Fact(AttendanceFactKind.RoomDestroyed, destroyedAt * 1000L, Breakouts[index]));
            }
        }

        var lastMs = facts.Count == 0 ? 0 : facts.Max(fact => (fact.OccurredAt - Origin).Ticks / TimeSpan.TicksPerMillisecond);
        if (plan.Created) facts.Add(Fact(AttendanceFactKind.RoomCreated, 0, AttendanceFact.MainRoom));
        if (plan.CreatedTwice) facts.Add(Fact(AttendanceFactKind.RoomCreated, 2000, AttendanceFact.MainRoom));
        switch (plan.End)
        {
            case MeetingEnd.AfterEverything:
                facts.Add(Fact(AttendanceFactKind.RoomDestroyed, lastMs + (plan.EndDelay * 1000L), AttendanceFact.MainRoom));
                break;
            case MeetingEnd.Midway:
                facts.Add(Fact(AttendanceFactKind.RoomDestroyed, plan.MidwayAt * 1000L, AttendanceFact.MainRoom));
                break;
        }

        return facts;
    }

    private static IEnumerable<AttendanceFact> ParticipantFacts(int index, ParticipantPlan plan, Func<int, string> room)
    {
        var key = plan.UsesParticipantId ? $"p{index}" : Jid(index);
        var web = plan.Kind == ParticipantKinds.Web;
        var name = plan.Name;
        AttendanceFact Presence(AttendanceFactKind kind, long ms, string inRoom) => Fact(kind, ms, inRoom) with
        {
            ParticipantKey = key,
            ParticipantKind = plan.Kind,
            ParticipantJid = Jid(index) + "/resource" + (ms % 7).ToString(CultureInfo.InvariantCulture),
            Name = name,
            Email = web ? plan.Email : null,
            UserId = web ? $"user-{index}" : null,
            Moderator = web ? plan.Moderator : null,
        };

        var at = (plan.StartsAt * 1000L) + plan.Milliseconds;
        if (plan.Lobby != LobbyPlan.None)
        {
            yield return Presence(AttendanceFactKind.LobbyJoined, at, AttendanceFact.MainRoom);
            at += plan.LobbySeconds * 1000L;
            switch (plan.Lobby)
            {
                case LobbyPlan.Admitted:
                    yield return Presence(AttendanceFactKind.LobbyLeft, at, AttendanceFact.MainRoom) with { DisconnectReason = "left" };
                    break;
                case LobbyPlan.Refused:
                    yield return Presence(AttendanceFactKind.LobbyLeft, at, AttendanceFact.MainRoom) with { DisconnectReason = "kicked" };
                    yield break;
                case LobbyPlan.GaveUp:
                    yield return Presence(AttendanceFactKind.LobbyLeft, at, AttendanceFact.MainRoom) with { DisconnectReason = "left" };
                    yield break;
                case LobbyPlan.StillWaiting:
                    yield break;
            }
        }

        var joinKind = web ? AttendanceFactKind.Joined : AttendanceFactKind.CallStarted;
        var leaveKind = web ? AttendanceFactKind.Left : AttendanceFactKind.CallEnded;
        var roomIndex = plan.Segments[0].Room;
        foreach (var segment in plan.Segments)
        {
            var inRoom = room(roomIndex);
            name = segment.RenameTo < 0 ? name : Names[segment.RenameTo];
            yield return Presence(joinKind, at, inRoom);
            var end = at + (segment.Seconds * 1000L);
            var reason = segment.End switch
            {
                SegmentEnd.Left => "left",
                SegmentEnd.Unknown => "unknown",
                SegmentEnd.Kicked => "kicked",
                SegmentEnd.SwitchRoom => "switch_room",
                _ => null,
            };
            if (segment.End != SegmentEnd.Lost)
            {
                yield return Presence(leaveKind, end, inRoom) with { DisconnectReason = web ? reason : null };
            }

            if (segment.End == SegmentEnd.SwitchRoom)
            {
                // The JOINED in the next room may come up to 2 s before or after the LEFT from this one.
                roomIndex = (roomIndex + 1 + (segment.Seconds % 2)) % 3;
                at = Math.Max(at, end + (segment.Overlap * 1000L));
            }
            else
            {
                roomIndex = segment.Room;
                at = end + (segment.Gap * 1000L);
            }
        }
    }

    private static string Jid(int participant) =>
        string.Create(CultureInfo.InvariantCulture, $"{participant:D2}a7f7974-b7f9-4037-b0fd-517d148eac08@8x8.vc");

    private static AttendanceFact Fact(AttendanceFactKind kind, long millisecondsAfterOrigin, string room) => new()
    {
        IdempotencyKey = "",
        SessionId = SessionId,
        Fqn = Fqn,
        OccurredAt = Origin.AddMilliseconds(millisecondsAfterOrigin),
        Kind = kind,
        Room = room,
    };

    private enum MeetingEnd { Open, AfterEverything, Midway }

    private enum LobbyPlan { None, Admitted, Refused, GaveUp, StillWaiting }

    private enum SegmentEnd { Left, Unknown, Kicked, Lost, SwitchRoom }

    private sealed record MeetingPlan(
        bool Created,
        bool CreatedTwice,
        MeetingEnd End,
        int EndDelay,
        int MidwayAt,
        IReadOnlyList<ParticipantPlan> Participants,
        IReadOnlyList<BreakoutPlan> Breakouts,
        IReadOnlyList<GrantPlan> Grants);

    private sealed record ParticipantPlan(
        string Kind,
        bool UsesParticipantId,
        string? Name,
        string? Email,
        bool? Moderator,
        int StartsAt,
        int Milliseconds,
        LobbyPlan Lobby,
        int LobbySeconds,
        IReadOnlyList<SegmentPlan> Segments);

    /// <param name="RenameTo">An index into the names: the participant renames themselves at this join; -1 keeps the name.</param>
    private sealed record SegmentPlan(int Room, int Seconds, int RenameTo, SegmentEnd End, int Gap, int Overlap);

    private sealed record BreakoutPlan(int? CreatedAt, int? DestroyedAt);

    private sealed record GrantPlan(int To, int By, int At);
}

/// <summary>A generated fact stream and one delivery of it (shuffled, with repeats); prints both when a property fails.</summary>
internal sealed record MeetingDelivery(IReadOnlyList<AttendanceFact> Stream, IReadOnlyList<AttendanceFact> Delivered)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Stream.Count} facts, delivered as {Delivered.Count}:");
        foreach (var fact in Delivered)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {fact.IdempotencyKey[..3]} {fact.OccurredAt:HH:mm:ss.fff} {fact.Kind,-16} {fact.Room[..4],-4} {fact.ParticipantKey} {fact.DisconnectReason}");
        }

        return text.ToString();
    }
}
