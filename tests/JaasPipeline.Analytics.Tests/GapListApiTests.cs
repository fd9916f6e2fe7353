using System.Net;
using System.Text.Json;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary><c>GET /api/analytics/gaps</c> over Kestrel on a real SQLite file: filters by kind and detection time, cursor paging, bad filters.</summary>
public sealed class GapListApiTests
{
    private static readonly DateTimeOffset LastWeek = DateTimeOffset.UtcNow.AddDays(-7);
    private TempFolder folder = null!;
    private GapTestHost host = null!;
    private DateTimeOffset detectedBefore;
    private DateTimeOffset detectedAfter;
    private readonly List<string> roomGaps = [];
    private readonly List<string> participantGaps = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("analytics-gap-list");
        host = await GapTestHost.StartAsync(folder);
        detectedBefore = host.Clock.GetUtcNow().AddSeconds(-1);
        // Five meetings never destroyed (a room-not-destroyed gap each), three destroyed with two participants who never left.
        for (var i = 0; i < 5; i++)
        {
            var meeting = GapEvents.NewMeeting();
            await host.PublishAsync(meeting.RoomCreated(LastWeek));
            roomGaps.Add(meeting.SessionId);
        }

        for (var i = 0; i < 3; i++)
        {
            var meeting = GapEvents.NewMeeting();
            foreach (var message in new object[]
                     {
                         meeting.RoomCreated(LastWeek), meeting.Joined("p-1", LastWeek.AddMinutes(1)), meeting.Joined("p-2", LastWeek.AddMinutes(1)),
                         meeting.RoomDestroyed(LastWeek.AddHours(1)),
                     })
            {
                await host.PublishAsync(message);
            }

            participantGaps.Add(meeting.SessionId);
        }

        foreach (var session in roomGaps)
        {
            await host.WaitForRecordedKindsAsync(session, GapKinds.RoomNotDestroyed);
        }

        foreach (var session in participantGaps)
        {
            await host.WaitForRecordedKindsAsync(session, GapKinds.ParticipantWithoutLeave, GapKinds.ParticipantWithoutLeave);
        }

        detectedAfter = host.Clock.GetUtcNow().AddSeconds(1);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task PagesOfTwo_ListEveryMeetingWithGapsOnce_NewestDetectionFirst()
    {
        var (items, pages) = await ReadAllAsync("limit=2");

        var sessions = items.Select(i => i.GetProperty("sessionId").GetString()!).ToList();
        var latest = items.Select(i => i.GetProperty("lastDetectedAt").GetDateTimeOffset()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sessions, Is.EquivalentTo(roomGaps.Concat(participantGaps)));
            Assert.That(pages, Is.EqualTo(4));
            Assert.That(latest, Is.Ordered.Descending);
            var first = items.Single(i => i.GetProperty("sessionId").GetString() == participantGaps[0]);
            Assert.That(first.GetProperty("fqn").GetString(), Is.EqualTo("app1/gap-room"));
            Assert.That(first.GetProperty("appId").GetString(), Is.EqualTo("app1"));
            Assert.That(first.GetProperty("room").GetString(), Is.EqualTo("gap-room"));
            Assert.That(first.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("detail").GetProperty("participantId").GetString()),
                Is.EquivalentTo(new[] { "p-1", "p-2" }));
        }
    }

    [Test]
    public async Task KindFilter_ListsOnlyMeetingsWithThatKind_AndOnlyGapsOfIt()
    {
        var (items, _) = await ReadAllAsync("kind=participant-without-leave&limit=500");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(items.Select(i => i.GetProperty("sessionId").GetString()), Is.EquivalentTo(participantGaps));
            Assert.That(items.SelectMany(i => i.GetProperty("gaps").EnumerateArray()).Select(g => g.GetProperty("kind").GetString()),
                Is.All.EqualTo(GapKinds.ParticipantWithoutLeave));
        }
    }

    [Test]
    public async Task TimeFilter_IsOnWhenTheGapWasDetected()
    {
        var around = await ReadAllAsync($"from={Uri.EscapeDataString(detectedBefore.ToString("O"))}&to={Uri.EscapeDataString(detectedAfter.ToString("O"))}");
        var later = await ReadAllAsync($"from={Uri.EscapeDataString(detectedAfter.ToString("O"))}");
        // The events are a week old: a window of event times would find them, one of detection times does not.
        var eventWeek = await ReadAllAsync($"to={Uri.EscapeDataString(LastWeek.AddDays(1).ToString("O"))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(around.Items, Has.Count.EqualTo(8));
            Assert.That(later.Items, Is.Empty);
            Assert.That(eventWeek.Items, Is.Empty);
        }
    }

    [TestCase("kind=no-such-kind", "kind")]
    [TestCase("from=yesterday", "from")]
    [TestCase("to=2026-13-01T00:00:00Z", "to")]
    [TestCase("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=501", "limit")]
    [TestCase("cursor=not-a-cursor", "cursor")]
    public async Task BadFilter_IsA400ProblemNamingTheParameter(string query, string parameter)
    {
        using var response = await host.Client.GetAsync("/api/analytics/gaps?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), Is.True, problem.RootElement.GetRawText());
    }

    private async Task<(List<JsonElement> Items, int Pages)> ReadAllAsync(string query)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = "/api/analytics/gaps?" + query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var document = JsonDocument.Parse(await host.Client.GetStringAsync(url));
            items.AddRange(document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = document.RootElement.GetProperty("next").GetString();
            pages++;
            Assert.That(pages, Is.LessThan(100), "paging ends");
        }
        while (cursor is not null);
        return (items, pages);
    }
}
