using System.Net;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.Transcription.Tests;

/// <summary>GET /api/transcripts/meetings (docs/api.md §5), through the real ingress and the in-memory bus, on SQLite files.</summary>
public sealed class MeetingListTests
{
    private TempFolder folder = null!;
    private TranscriptionTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        folder = new TempFolder();
        host = await TranscriptionTestHost.StartAsync(folder);
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
    public async Task MeetingsRouteAndSearch_LeaveEveryMeetingReachable()
    {
        var scenario = Scenario();
        var sessionId = await scenario.AddMeetingAsync(1, scenario.AppId, "room-a");
        await scenario.WaitForAsync(1);

        using var transcript = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/transcripts/{sessionId}"));
        Assert.That(transcript.RootElement.GetProperty("sessionId").GetString(), Is.EqualTo(sessionId));
        Assert.That((await host.Client.GetAsync("/api/transcripts/search?q=listed")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task MeetingWithOnlyItsTranscriptFile_IsListedByTheFilesEvent()
    {
        var scenario = Scenario();
        var sessionId = Chunks.NewSessionId();
        var stored = new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.Transcription, EventType = JaasEventTypes.TranscriptionUploaded,
            IdempotencyKey = "file-" + sessionId, SessionId = sessionId, Fqn = scenario.AppId + "/files-only", EventTimestamp = scenario.LastAt(1),
            StoragePath = "x/transcription/file.json", Sha256 = new string('a', 64), Bytes = 10, FileName = "transcript.json",
        };
        var messageId = Guid.NewGuid();
        await host.Bus.Publish(stored, context => context.MessageId = messageId);
        await host.WaitHandledAsync([messageId]);

        var page = await scenario.PageAsync($"{scenario.Window}&appId={scenario.AppId}");
        Assert.That(page.Items.Select(item => item.GetProperty("sessionId").GetString()), Is.EqualTo(new[] { sessionId }));
        Assert.That(page.Items[0].GetProperty("room").GetString(), Is.EqualTo("files-only"));
    }

    [Test]
    public async Task OpenApi_MarksQRequired_TypesTheListParameters_AndNamesTheAnswers()
    {
        using var document = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var search = paths.GetProperty("/api/transcripts/search").GetProperty("get");
        var parameters = search.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.That(parameters["q"].GetProperty("required").GetBoolean(), Is.True);
        Assert.That(parameters["limit"].GetProperty("schema").GetProperty("type").GetString(), Is.EqualTo("integer"));
        Assert.That(parameters["from"].GetProperty("schema").GetProperty("format").GetString(), Is.EqualTo("date-time"));
        Assert.That(search.GetProperty("summary").GetString(), Is.Not.Empty);
        foreach (var path in new[] { "/api/transcripts/search", "/api/transcripts/meetings" })
        {
            var ok = paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200");
            Assert.That(ok.GetProperty("content").TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out _), Is.True, $"{path}: {ok}");
        }

        var meetings = paths.GetProperty("/api/transcripts/meetings").GetProperty("get");
        Assert.That(meetings.GetProperty("responses").TryGetProperty("400", out _), Is.True, "a bad query is documented");
        Assert.That(paths.GetProperty("/api/transcripts/{sessionId}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _), Is.True);
    }

    private MeetingListScenario Scenario() => new(
        host.Client, "/api/transcripts/meetings",
        (sessionId, fqn, at) => host.DeliverAsync($$"""
            {"idempotencyKey":"{{Guid.NewGuid()}}","customerId":"c1","eventType":"TRANSCRIPTION_CHUNK_RECEIVED","sessionId":"{{sessionId}}",
             "timestamp":{{at.ToUnixTimeMilliseconds()}},"fqn":"{{fqn}}",
             "data":{"final":"listed","language":"en","messageID":"{{Guid.NewGuid()}}","participant":{"id":"p1","name":"Ann"} } }
            """));
}
