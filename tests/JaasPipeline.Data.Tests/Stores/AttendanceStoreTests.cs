using JaasPipeline.Attendance;
using JaasPipeline.Attendance.Reports;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>The attendance store on each backend: facts stored once per idempotency key and read back per meeting and per room.</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class AttendanceStoreTests(TestDatabaseBackend backend)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase database = null!;
    private AttendanceStore store = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        database = await backend.CreateMigratedAsync("attendance", typeof(InboxTransaction).Assembly, typeof(AttendanceStore).Assembly);
        store = new AttendanceStore(database.Database);
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Test]
    public async Task SameKeyAppendedTwice_IsStoredOnceAsFirstReceived()
    {
        var session = NewSession();
        var fact = Fact("key-1", session, AttendanceFactKind.Joined) with { Name = "Ada", Moderator = true };

        await ConsumerTransaction.CommitAsync(database.Database, write => store.AppendAsync(write.Inbox, fact));
        await ConsumerTransaction.CommitAsync(database.Database, write => store.AppendAsync(write.Inbox, fact with { Name = "changed" }));

        var facts = await store.FactsOfSessionAsync(session, CancellationToken.None);
        Assert.That(facts, Is.EqualTo(new[] { fact }));
    }

    [Test]
    public async Task KeysDifferingOnlyInCase_AreTwoFacts()
    {
        var session = NewSession();

        await ConsumerTransaction.CommitAsync(database.Database, async write =>
        {
            await store.AppendAsync(write.Inbox, Fact($"{session}-k", session, AttendanceFactKind.Joined));
            await store.AppendAsync(write.Inbox, Fact($"{session}-K", session, AttendanceFactKind.Left));
        });

        Assert.That(await store.FactsOfSessionAsync(session, CancellationToken.None), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task SessionsDifferingOnlyInCase_AreTwoMeetings()
    {
        // JaaS ids compare byte for byte: on SQL Server the session and fqn columns need a binary collation for this.
        var session = NewSession();
        var fqn = $"app/Room-{Guid.NewGuid():N}";
        await ConsumerTransaction.CommitAsync(database.Database, async write =>
        {
            await store.AppendAsync(write.Inbox, Fact($"{session}-lower", session.ToLowerInvariant(), AttendanceFactKind.RoomCreated) with { Fqn = fqn.ToLowerInvariant() });
            await store.AppendAsync(write.Inbox, Fact($"{session}-upper", session.ToUpperInvariant(), AttendanceFactKind.RoomCreated) with { Fqn = fqn });
        });

        var lower = await store.FactsOfSessionAsync(session.ToLowerInvariant(), CancellationToken.None);
        var meetings = await store.ListMeetingsAsync(
            new MeetingListQuery("app", fqn["app/".Length..], null, null, 10, null, null), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lower.Select(fact => fact.IdempotencyKey), Is.EqualTo(new[] { $"{session}-lower" }));
            Assert.That(meetings.Select(meeting => meeting.SessionId), Is.EqualTo(new[] { session.ToUpperInvariant() }));
        }
    }

    [Test]
    public async Task RolledBackTransaction_LeavesNoFact()
    {
        var session = NewSession();

        await using (var write = await ConsumerTransaction.BeginAsync(database.Database))
        {
            await store.AppendAsync(write.Inbox, Fact("rolled-back", session, AttendanceFactKind.Joined));
        }

        Assert.That(await store.FactsOfSessionAsync(session, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task ListMeetings_GivesEachMeetingsSpanNewestFirst_AndPagesAfterTheCursor()
    {
        var fqn = $"app/list-{Guid.NewGuid():N}";
        var (first, second) = (NewSession(), NewSession());
        await ConsumerTransaction.CommitAsync(database.Database, async write =>
        {
            await store.AppendAsync(write.Inbox, Fact($"{second}-created", second, AttendanceFactKind.RoomCreated, minutes: 60) with { Fqn = fqn });
            await store.AppendAsync(write.Inbox, Fact($"{first}-created", first, AttendanceFactKind.RoomCreated) with { Fqn = fqn });
            await store.AppendAsync(write.Inbox, Fact($"{first}-destroyed", first, AttendanceFactKind.RoomDestroyed, minutes: 30) with { Fqn = fqn });
        });

        var room = fqn["app/".Length..];
        var meetings = await store.ListMeetingsAsync(new MeetingListQuery("app", room, null, null, 10, null, null), CancellationToken.None);
        var afterSecond = await store.ListMeetingsAsync(
            new MeetingListQuery("app", room, null, null, 10, meetings[0].LastEventAt, meetings[0].SessionId), CancellationToken.None);
        var lastEventInWindow = await store.ListMeetingsAsync(
            new MeetingListQuery(null, room, Ms(20), Ms(40), 10, null, null), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(meetings, Is.EqualTo(new[]
            {
                new MeetingRow { SessionId = second, Fqn = fqn, FirstEventAt = Ms(60), LastEventAt = Ms(60) },
                new MeetingRow { SessionId = first, Fqn = fqn, FirstEventAt = Ms(0), LastEventAt = Ms(30) },
            }));
            Assert.That(afterSecond.Select(meeting => meeting.SessionId), Is.EqualTo(new[] { first }));
            Assert.That(lastEventInWindow.Select(meeting => meeting.SessionId), Is.EqualTo(new[] { first }), "from/to hold the last event");
        }
    }

    private static long Ms(int minutes) => Start.AddMinutes(minutes).ToUnixTimeMilliseconds();

    private static string NewSession() => $"Session-{Guid.NewGuid():N}";

    private static AttendanceFact Fact(string key, string session, AttendanceFactKind kind, int minutes = 0) => new()
    {
        IdempotencyKey = key, SessionId = session, Fqn = "app/room", OccurredAt = Start.AddMinutes(minutes), Kind = kind,
        Room = AttendanceFact.MainRoom, ParticipantKey = kind is AttendanceFactKind.Joined or AttendanceFactKind.Left ? "p1" : null,
    };
}
