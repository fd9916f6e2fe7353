using System.Net;
using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>
/// GET /api/artifacts/meetings and a meeting's artifacts a page at a time (docs/api.md §5), over the bus and SQLite files.
/// The events are from 2025: their links have expired, so every row ends at once without a download.
/// </summary>
public sealed class MeetingListTests
{
    private const string DeadLink = "https://media.invalid/recording.mp4";
    private TempFolder folder = null!;
    private MediaTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        folder = new TempFolder("media-meetings");
        host = await MediaTestHost.StartAsync(folder);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public Task Meetings_AreNewestFirst_FilteredByAppRoomAndTime_AndPagedByCursor() => Scenario().RunAsync();

    [Test]
    public Task BadCursorLimitOrTime_IsA400ProblemNamingIt() => Scenario().BadQueriesAsync();

    [Test]
    public async Task MeetingsArtifacts_ComeAPageAtATime_InTheOrderReceived()
    {
        var session = Events.NewSession();
        var at = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await host.DeliverAsync(Events.Recording(session, DeadLink, at.AddMinutes(i)));
        }

        await Eventually.WaitUntilAsync(async () => (await host.Store.OfSessionAsync(session, CancellationToken.None)).Count == 5, TimeSpan.FromSeconds(30), "5 rows");
        var expected = (await host.Store.OfSessionAsync(session, CancellationToken.None)).Select(row => row.ArtifactId).ToList();

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            using var body = JsonDocument.Parse(await host.Client.GetStringAsync(
                $"/api/artifacts/{session}?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            var items = body.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.That(items, Has.Count.LessThanOrEqualTo(2));
            seen.AddRange(items.Select(item => item.GetProperty("artifactId").GetString()!));
            cursor = body.RootElement.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(expected), "every artifact once, in the order received");
        var badCursor = await host.Client.GetAsync($"/api/artifacts/{session}?cursor=WyJ4Il0");
        Assert.That(badCursor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await host.Client.GetAsync($"/api/artifacts/{session}?limit=501")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task MeetingsRoute_LeavesEveryMeetingReachable()
    {
        var scenario = Scenario();
        var sessionId = await scenario.AddMeetingAsync(1, scenario.AppId, "room-a");
        await scenario.WaitForAsync(1);

        using var body = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/artifacts/{sessionId}"));
        Assert.That(body.RootElement.GetProperty("items").GetArrayLength(), Is.EqualTo(2));
        Assert.That((await host.Client.GetAsync("/api/artifacts/no-such-session")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private MeetingListScenario Scenario() => new(
        host.Client, "/api/artifacts/meetings",
        (sessionId, fqn, at) => host.DeliverAsync(Events.Recording(sessionId, DeadLink, at, fqn)));
}
