using JaasPipeline.Testing;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// <c>jaas-ops reprocess</c> on the real RabbitMQ: after attendance's rows of a meeting were corrupted (a bug wrote
/// wrong times), reprocessing attendance restores exactly the first-time result, nothing doubled, and leaves analytics'
/// and transcription's tables — and every other meeting — as they were.
/// </summary>
public sealed class ReprocessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private OperationsPipeline pipeline = null!;

    [OneTimeSetUp]
    public async Task StartPipeline() => pipeline = await OperationsPipeline.StartAsync("reprocess-tests");

    [OneTimeTearDown]
    public async Task StopPipeline() => await pipeline.DisposeAsync();

    [Test]
    public async Task CorruptedAttendanceRows_AreRestoredToTheFirstTimeResult_AndOtherConsumersAndMeetingsAreUntouched()
    {
        var (meeting, deliveries) = OperationsPipeline.PlanMeeting(seed: 14);
        var (bystander, bystanderDeliveries) = OperationsPipeline.PlanMeeting(seed: 41);
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await pipeline.DeliverAsync(deliveries.Concat(bystanderDeliveries));
        var attendanceTypes = deliveries.Count(d => d.IsAttendanceFact);
        var chunks = deliveries.Count(d => d.EventType == "TRANSCRIPTION_CHUNK_RECEIVED");
        await Eventually.WaitUntilAsync(
            async () => await CountAsync("attendance", "attendance_facts", meeting) == attendanceTypes
                && await CountAsync("analytics", "analytics_event_journal", meeting) == deliveries.Count
                && await CountAsync("transcription", "transcript_segments", meeting) == chunks
                && await CountAsync("analytics", "analytics_event_journal", bystander) == bystanderDeliveries.Count
                && await CountAsync("attendance", "attendance_facts", bystander) > 0,
            Deadline, "both meetings handled by every consumer");
        var firstReport = (await pipeline.GetJsonAsync($"/api/attendance/{meeting}"))!.ToJsonString();
        var firstFacts = await pipeline.RowsAsync("attendance", "attendance_facts", meeting);
        var bystanderFacts = await pipeline.RowsAsync("attendance", "attendance_facts", bystander);
        var journal = await pipeline.RowsAsync("analytics", "analytics_event_journal", meeting);
        var engagement = await pipeline.RowsAsync("analytics", "analytics_facts", meeting);
        var phrases = await pipeline.RowsAsync("transcription", "transcript_segments", meeting);
        var analyticsInbox = await pipeline.QueryAsync<string>("analytics", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1");
        var transcriptionInbox = await pipeline.QueryAsync<string>("transcription", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1");

        // The bug: every leave recorded an hour late.
        await pipeline.ExecuteAsync("attendance", "UPDATE attendance_facts SET occurred_at = occurred_at + 3600000 WHERE session_id = @S AND kind = 'Left'", new { S = meeting });
        Assert.That((await pipeline.GetJsonAsync($"/api/attendance/{meeting}"))!.ToJsonString(), Is.Not.EqualTo(firstReport), "the corruption shows in the report");

        var run = await pipeline.RunOpsAsync("reprocess", "attendance", "--from", startedAt.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"),
            "--session-id", meeting);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain($"meeting {meeting}: {deliveries.Count} deliveries; cleared {attendanceTypes} effect rows and {attendanceTypes} inbox rows; {attendanceTypes} scheduled to queue attendance"),
            "only the eventTypes attendance takes are replayed");
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RowsAsync("attendance", "attendance_facts", meeting)).Count == attendanceTypes
                && (await pipeline.GetJsonAsync($"/api/attendance/{meeting}"))?.ToJsonString() == firstReport,
            Deadline, "the replay rebuilt the meeting's attendance");
        Assert.Multiple(async () =>
        {
            Assert.That(await pipeline.RowsAsync("attendance", "attendance_facts", meeting), Is.EqualTo(firstFacts), "exactly the first-time rows");
            Assert.That(await pipeline.RowsAsync("attendance", "attendance_facts", bystander), Is.EqualTo(bystanderFacts), "the other meeting untouched");
            Assert.That(await pipeline.RowsAsync("analytics", "analytics_event_journal", meeting), Is.EqualTo(journal), "analytics' journal untouched");
            Assert.That(await pipeline.RowsAsync("analytics", "analytics_facts", meeting), Is.EqualTo(engagement), "analytics' facts untouched");
            Assert.That(await pipeline.RowsAsync("transcription", "transcript_segments", meeting), Is.EqualTo(phrases), "transcription untouched");
            Assert.That(await pipeline.QueryAsync<string>("analytics", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1"),
                Is.EqualTo(analyticsInbox), "analytics' inbox untouched: the replay went to the attendance queue only");
            Assert.That(await pipeline.QueryAsync<string>("transcription", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1"),
                Is.EqualTo(transcriptionInbox), "transcription's inbox untouched");
        });
    }

    [Test]
    public async Task CorruptedAnalyticsAndTranscription_AreEachRestoredByTheirOwnReprocess_AndAttendanceIsUntouched()
    {
        var (meeting, deliveries) = OperationsPipeline.PlanMeeting(seed: 22);
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await pipeline.DeliverAsync(deliveries);
        var chunks = deliveries.Count(d => d.EventType == "TRANSCRIPTION_CHUNK_RECEIVED");
        await Eventually.WaitUntilAsync(
            async () => await CountAsync("analytics", "analytics_event_journal", meeting) == deliveries.Count
                && await CountAsync("transcription", "transcript_segments", meeting) == chunks
                && await CountAsync("attendance", "attendance_facts", meeting) > 0,
            Deadline, "the meeting is in");
        var analyticsReport = (await pipeline.GetJsonAsync($"/api/analytics/{meeting}"))!.ToJsonString();
        var journal = await pipeline.RowsAsync("analytics", "analytics_event_journal", meeting);
        var engagement = await pipeline.RowsAsync("analytics", "analytics_facts", meeting);
        const string Phrases = "SELECT message_id || '|' || occurred_at || '|' || phrase FROM transcript_segments WHERE session_id = @S ORDER BY 1";
        var phrases = await pipeline.QueryAsync<string>("transcription", Phrases, new { S = meeting });
        var attendanceFacts = await pipeline.RowsAsync("attendance", "attendance_facts", meeting);
        var attendanceInbox = await pipeline.QueryAsync<string>("attendance", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1");

        // The bugs: analytics lost half its journal and blanked every payload; transcription garbled every phrase.
        await pipeline.ExecuteAsync("analytics", "UPDATE analytics_facts SET payload = '{}' WHERE session_id = @S", new { S = meeting });
        await pipeline.ExecuteAsync("analytics", "DELETE FROM analytics_event_journal WHERE session_id = @S AND rowid % 2 = 0", new { S = meeting });
        await pipeline.ExecuteAsync("transcription", "UPDATE transcript_segments SET phrase = 'garbled' WHERE session_id = @S", new { S = meeting });
        var to = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");

        var analytics = await pipeline.RunOpsAsync("reprocess", "analytics", "--from", startedAt.ToString("O"), "--to", to, "--session-id", meeting);
        var transcription = await pipeline.RunOpsAsync("reprocess", "transcription", "--from", startedAt.ToString("O"), "--to", to, "--session-id", meeting);

        Assert.That(analytics.ExitCode, Is.Zero, analytics.ToString());
        Assert.That(analytics.Output, Does.Contain($"; {deliveries.Count} scheduled to queue analytics"), "the journal takes every eventType");
        Assert.That(transcription.ExitCode, Is.Zero, transcription.ToString());
        Assert.That(transcription.Output, Does.Contain($"cleared {chunks} effect rows and {chunks} inbox rows; {chunks} scheduled to queue transcription"));
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RowsAsync("analytics", "analytics_event_journal", meeting)).SequenceEqual(journal)
                && (await pipeline.GetJsonAsync($"/api/analytics/{meeting}"))?.ToJsonString() == analyticsReport
                && (await pipeline.QueryAsync<string>("transcription", Phrases, new { S = meeting })).SequenceEqual(phrases),
            Deadline, "both replays rebuilt their service's rows");
        Assert.Multiple(async () =>
        {
            Assert.That(await pipeline.RowsAsync("analytics", "analytics_facts", meeting), Is.EqualTo(engagement));
            Assert.That(await pipeline.QueryAsync<long>("transcription", "SELECT COUNT(*) FROM transcript_segments_fts WHERE transcript_segments_fts MATCH 'garbled'"),
                Is.EqualTo(new[] { 0L }), "the full-text index forgot the garbled phrases");
            Assert.That(await pipeline.RowsAsync("attendance", "attendance_facts", meeting), Is.EqualTo(attendanceFacts), "attendance untouched");
            Assert.That(await pipeline.QueryAsync<string>("attendance", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1"),
                Is.EqualTo(attendanceInbox), "attendance's inbox untouched");
        });
    }

    [Test]
    public async Task ClearingWhenTheIngressNoLongerListsADelivery_IsRefusedAndDeletesNothing()
    {
        var (meeting, deliveries) = OperationsPipeline.PlanMeeting(seed: 3);
        await pipeline.DeliverAsync(deliveries);
        var attendanceKeys = deliveries.Where(d => d.IsAttendanceFact)
            .Select(d => d.IdempotencyKey).ToList();
        await Eventually.WaitUntilAsync(async () => await CountAsync("attendance", "attendance_facts", meeting) == attendanceKeys.Count, Deadline, "the meeting is in");
        var inboxRows = await pipeline.QueryAsync<long>("attendance", "SELECT COUNT(*) FROM inbox_messages");

        // As if retention had deleted the meeting's first delivery from the outbox: its fact could not be brought back.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/reprocess/attendance/meetings/{meeting}/clear")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { idempotencyKeys = attendanceKeys.Skip(1) }),
        };
        request.Headers.Add("X-Api-Key", OperationsPipeline.ApiKey);
        using var response = await pipeline.Client.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(409), await response.Content.ReadAsStringAsync());
        Assert.That(await CountAsync("attendance", "attendance_facts", meeting), Is.EqualTo(attendanceKeys.Count));
        Assert.That(await pipeline.QueryAsync<long>("attendance", "SELECT COUNT(*) FROM inbox_messages"), Is.EqualTo(inboxRows));
    }

    private async Task<int> CountAsync(string service, string table, string sessionId) =>
        (await pipeline.RowsAsync(service, table, sessionId)).Count;
}
