using System.Net;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>GET /api/analytics/meetings (docs/api.md §5), the report's fqn and units, over the in-memory bus and SQLite files.</summary>
public sealed class MeetingListTests
{
    private TempFolder folder = null!;
    private AnalyticsTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        folder = new TempFolder("analytics-meetings");
        host = await AnalyticsTestHost.StartAsync(folder);
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
    public async Task ListedMeetingWithoutEngagementFacts_HasAReportWithItsFqn()
    {
        var scenario = Scenario();
        var sessionId = await scenario.AddMeetingAsync(1, scenario.AppId, "room-a");
        await scenario.WaitForAsync(1);

        using var response = await host.Client.GetAsync($"/api/analytics/{sessionId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a meeting the list names is never a 404");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(report.RootElement.GetProperty("fqn").GetString(), Is.EqualTo(scenario.AppId + "/room-a"));
        Assert.That(report.RootElement.GetProperty("recordingMs").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task Recording_IsInWholeMilliseconds_WithTimesInUtcZ()
    {
        var sessionId = "rec-" + Guid.NewGuid().ToString("N");
        var started = new DateTimeOffset(2026, 11, 23, 11, 0, 41, 110, TimeSpan.FromHours(1));
        await host.PublishAsync(new RecordingStarted
        {
            IdempotencyKey = sessionId + "-start", EventType = JaasEventTypes.RecordingStarted, SessionId = sessionId, Fqn = "app/rec-room", Timestamp = started,
        });
        await host.PublishAsync(new RecordingEnded
        {
            IdempotencyKey = sessionId + "-end", EventType = JaasEventTypes.RecordingEnded, SessionId = sessionId, Fqn = "app/rec-room",
            Timestamp = started.AddSeconds(90.5),
        });

        JsonElement report = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await host.Client.GetAsync($"/api/analytics/{sessionId}");
            report = response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
            return report.ValueKind == JsonValueKind.Object && report.GetProperty("recordings")[0].GetProperty("endedAt").ValueKind == JsonValueKind.String;
        }, TimeSpan.FromSeconds(30), "the recording's start and end are read");

        var recording = report.GetProperty("recordings")[0];
        Assert.That(recording.GetProperty("durationMs").GetInt64(), Is.EqualTo(90_500), "90.5 s × 1000");
        Assert.That(report.GetProperty("recordingMs").GetInt64(), Is.EqualTo(90_500));
        Assert.That(recording.GetProperty("startedAt").GetString(), Is.EqualTo("2026-11-23T10:00:41.110Z"), "UTC, Z, milliseconds");
        Assert.That(report.GetProperty("fqn").GetString(), Is.EqualTo("app/rec-room"));
    }

    [Test]
    public async Task OpenApi_MarksMonthRequired_AndDocumentsTheUnknownCustomer()
    {
        using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json"));
        var usage = document.RootElement.GetProperty("paths").GetProperty("/api/usage/{customerId}").GetProperty("get");
        var month = usage.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "month");

        Assert.That(month.GetProperty("required").GetBoolean(), Is.True);
        Assert.That(usage.GetProperty("responses").TryGetProperty("404", out _), Is.True);
        Assert.That(usage.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), Is.True);
    }

    private MeetingListScenario Scenario() => new(
        host.Client, "/api/analytics/meetings",
        (sessionId, fqn, at) => host.PublishAsync(new FeedbackSubmitted
        {
            IdempotencyKey = Guid.NewGuid().ToString(), EventType = JaasEventTypes.Feedback, SessionId = sessionId, Fqn = fqn, Timestamp = at,
        }));
}
