using System.Net;
using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.Attendance.Tests;

/// <summary>GET /api/attendance/meetings (docs/api.md §5), through the real ingress and the in-memory bus, on SQLite files.</summary>
public sealed class MeetingListTests
{
    private TempFolder folder = null!;
    private AttendanceTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        folder = new TempFolder();
        host = await AttendanceTestHost.StartAsync(folder, new Dictionary<string, string?>());
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
    public async Task MeetingsRoute_LeavesEveryMeetingReachable()
    {
        var scenario = Scenario();
        var sessionId = await scenario.AddMeetingAsync(1, scenario.AppId, "room-a");
        await scenario.WaitForAsync(1);

        using var report = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/attendance/{sessionId}"));
        Assert.That(report.RootElement.GetProperty("sessionId").GetString(), Is.EqualTo(sessionId));
        Assert.That((await host.Client.GetAsync($"/api/attendance/{sessionId}.csv")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await host.Client.GetAsync("/api/attendance/meetings")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private MeetingListScenario Scenario() => new(
        host.Client, "/api/attendance/meetings",
        (sessionId, fqn, at) => host.DeliverAsync($$"""
            {"idempotencyKey":"{{Guid.NewGuid()}}","customerId":"c1","eventType":"PARTICIPANT_JOINED","sessionId":"{{sessionId}}",
             "timestamp":{{at.ToUnixTimeMilliseconds()}},"fqn":"{{fqn}}",
             "data":{"moderator":"false","name":"Ann","participantJid":"ann@8x8.vc/r1","participantId":"p-ann"} }
            """));
}
