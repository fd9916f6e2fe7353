using System.Text.Json;
using Dapper;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Each gap kind through the service (bus, inbox, SQLite file, gap worker, API on Kestrel): present, absent, and filled by
/// a late event. Meetings are dated last week unless a test says otherwise, so their windows have ended on arrival.
/// </summary>
public sealed class MeetingGapTests
{
    private static readonly DateTimeOffset LastWeek = DateTimeOffset.UtcNow.AddDays(-7);
    private TempFolder folder = null!;
    private GapTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("analytics-gaps");
        host = await GapTestHost.StartAsync(folder);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [TearDown]
    public void ResetClock() => host.Clock.Offset = TimeSpan.Zero;

    [Test]
    public async Task RecordingEndedWithoutUpload_IsARecordingNotUploadedGapWithItsEvidence()
    {
        var meeting = GapEvents.NewMeeting();
        var ended = LastWeek.AddMinutes(30);

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RecordingEnded(ended), meeting.RoomDestroyed(LastWeek.AddHours(1)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.RecordingNotUploaded);
        var gap = (await ReportGapsAsync(meeting.SessionId)).Single();
        var detail = gap.GetProperty("detail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gap.GetProperty("kind").GetString(), Is.EqualTo(GapKinds.RecordingNotUploaded));
            Assert.That(detail.GetProperty("evidenceEvent").GetString(), Is.EqualTo(JaasEventTypes.RecordingEnded));
            Assert.That(detail.GetProperty("evidenceAt").GetDateTimeOffset(), Is.EqualTo(Ms(ended)));
            Assert.That(detail.GetProperty("missingEvent").GetString(), Is.EqualTo(JaasEventTypes.RecordingUploaded));
            Assert.That(detail.GetProperty("windowEndedAt").GetDateTimeOffset(), Is.EqualTo(Ms(ended).AddHours(1)));
            Assert.That(gap.GetProperty("detectedAt").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)), "detected now, not last week");
        }
    }

    [Test]
    public async Task RecordingUploaded_LeavesNoGap()
    {
        var meeting = GapEvents.NewMeeting();

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RecordingEnded(LastWeek.AddMinutes(30)),
            meeting.RoomDestroyed(LastWeek.AddHours(1)), meeting.RecordingUploaded(LastWeek.AddHours(1).AddMinutes(1)));

        await AssertNoGapsAsync(meeting.SessionId, 4);
    }

    [Test]
    public async Task RecordingEndedRecently_BecomesAGapWhenItsWindowEnds()
    {
        var meeting = GapEvents.NewMeeting();
        var now = host.Clock.GetUtcNow();

        await PublishAsync(meeting.RoomCreated(now.AddMinutes(-40)), meeting.RecordingEnded(now.AddMinutes(-10)));
        await AssertNoGapsAsync(meeting.SessionId, 2);

        // Nothing arrives: the worker looks again when the window ends (due_at), not only when an event comes.
        host.Clock.Offset = TimeSpan.FromMinutes(51);

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.RecordingNotUploaded);
    }

    [Test]
    public async Task LateUpload_FillsTheRecordingGapAndCountsItDetectedThenFilled()
    {
        var meeting = GapEvents.NewMeeting();
        var before = await PrometheusScrape.ReadAsync(host.Client);
        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RecordingEnded(LastWeek.AddMinutes(30)), meeting.RoomDestroyed(LastWeek.AddHours(1)));
        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.RecordingNotUploaded);

        await PublishAsync(meeting.RecordingUploaded(LastWeek.AddDays(2)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId);
        Assert.That(await ReportGapsAsync(meeting.SessionId), Is.Empty);
        var after = await PrometheusScrape.ReadAsync(host.Client);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Delta(before, "jaas_meeting_gaps_total", "kind=\"recording-not-uploaded\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_meeting_gaps_filled_total", "kind=\"recording-not-uploaded\""), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task JoinWithoutLeave_IsAParticipantWithoutLeaveGapNamingTheParticipant()
    {
        var meeting = GapEvents.NewMeeting();

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.Joined("p-1", LastWeek.AddMinutes(1), "Ada"),
            meeting.Joined("p-2", LastWeek.AddMinutes(2)), meeting.Left("p-2", LastWeek.AddMinutes(50)), meeting.RoomDestroyed(LastWeek.AddHours(1)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.ParticipantWithoutLeave);
        var detail = (await ReportGapsAsync(meeting.SessionId)).Single().GetProperty("detail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("participantId").GetString(), Is.EqualTo("p-1"));
            Assert.That(detail.GetProperty("participantName").GetString(), Is.EqualTo("Ada"));
            Assert.That(detail.GetProperty("evidenceAt").GetDateTimeOffset(), Is.EqualTo(Ms(LastWeek.AddMinutes(1))));
            Assert.That(detail.GetProperty("windowEndedAt").GetDateTimeOffset(), Is.EqualTo(Ms(LastWeek.AddHours(1)).AddMinutes(10)));
        }
    }

    [Test]
    public async Task EveryJoinLeft_LeavesNoParticipantGap()
    {
        var meeting = GapEvents.NewMeeting();

        // A reconnect: joined, left and joined again, then left; the last leave arrives first.
        await PublishAsync(meeting.Left("p-1", LastWeek.AddMinutes(40)), meeting.RoomCreated(LastWeek), meeting.Joined("p-1", LastWeek.AddMinutes(1)),
            meeting.Left("p-1", LastWeek.AddMinutes(5)), meeting.Joined("p-1", LastWeek.AddMinutes(6)), meeting.RoomDestroyed(LastWeek.AddHours(1)));

        await AssertNoGapsAsync(meeting.SessionId, 6);
    }

    [Test]
    public async Task LateLeave_FillsTheParticipantGap()
    {
        var meeting = GapEvents.NewMeeting();
        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.Joined("p-1", LastWeek.AddMinutes(1)), meeting.RoomDestroyed(LastWeek.AddHours(1)));
        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.ParticipantWithoutLeave);

        await PublishAsync(meeting.Left("p-1", LastWeek.AddMinutes(59)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId);
    }

    [Test]
    public async Task RoomCreatedAndNeverDestroyed_IsARoomNotDestroyedGap()
    {
        var meeting = GapEvents.NewMeeting();

        // A breakout room's end is not the meeting's.
        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RoomDestroyed(LastWeek.AddMinutes(20), breakout: true));

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.RoomNotDestroyed);
        var detail = (await ReportGapsAsync(meeting.SessionId)).Single().GetProperty("detail");
        Assert.That(detail.GetProperty("windowEndedAt").GetDateTimeOffset(), Is.EqualTo(Ms(LastWeek).AddDays(1)));
    }

    [Test]
    public async Task RoomCreatedRecently_IsNoGapWithinItsWindow()
    {
        var meeting = GapEvents.NewMeeting();

        await PublishAsync(meeting.RoomCreated(host.Clock.GetUtcNow().AddHours(-23)));

        await AssertNoGapsAsync(meeting.SessionId, 1);
    }

    [Test]
    public async Task LateRoomDestroyed_FillsTheRoomGap()
    {
        var meeting = GapEvents.NewMeeting();
        await PublishAsync(meeting.RoomCreated(LastWeek));
        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.RoomNotDestroyed);

        await PublishAsync(meeting.RoomDestroyed(LastWeek.AddHours(2)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId);
    }

    [Test]
    public async Task ChunksWithoutTranscript_IsATranscriptNotUploadedGap()
    {
        var meeting = GapEvents.NewMeeting();

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.Chunk(LastWeek.AddMinutes(3)), meeting.Chunk(LastWeek.AddMinutes(4)),
            meeting.RoomDestroyed(LastWeek.AddHours(1)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.TranscriptNotUploaded);
        var detail = (await ReportGapsAsync(meeting.SessionId)).Single().GetProperty("detail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("evidenceEvent").GetString(), Is.EqualTo(JaasEventTypes.TranscriptionChunkReceived));
            Assert.That(detail.GetProperty("evidenceAt").GetDateTimeOffset(), Is.EqualTo(Ms(LastWeek.AddMinutes(4))), "the last chunk");
        }
    }

    [Test]
    public async Task ChunksAndTranscript_LeaveNoGap()
    {
        var meeting = GapEvents.NewMeeting();

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.Chunk(LastWeek.AddMinutes(3)), meeting.TranscriptionUploaded(LastWeek.AddHours(1)),
            meeting.RoomDestroyed(LastWeek.AddHours(1)));

        await AssertNoGapsAsync(meeting.SessionId, 4);
    }

    [Test]
    public async Task LateTranscript_FillsTheTranscriptGap()
    {
        var meeting = GapEvents.NewMeeting();
        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.Chunk(LastWeek.AddMinutes(3)), meeting.RoomDestroyed(LastWeek.AddHours(1)));
        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.TranscriptNotUploaded);

        await PublishAsync(meeting.TranscriptionUploaded(LastWeek.AddDays(1)));

        await host.WaitForRecordedKindsAsync(meeting.SessionId);
    }

    [Test]
    public async Task LostArtifact_IsAnArtifactLostGapWithTheLastReason_OnceHoweverOftenItIsPublished()
    {
        var meeting = GapEvents.NewMeeting();
        var lost = meeting.Lost(ArtifactKinds.Recording, "HTTP 403; the link expires before another try", LastWeek.AddHours(1));

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RoomDestroyed(LastWeek.AddHours(1)), lost, lost);

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.ArtifactLost);
        var detail = (await ReportGapsAsync(meeting.SessionId)).Single().GetProperty("detail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("artifactId").GetString(), Is.EqualTo(lost.ArtifactId.ToString()));
            Assert.That(detail.GetProperty("artifactKind").GetString(), Is.EqualTo(ArtifactKinds.Recording));
            Assert.That(detail.GetProperty("reason").GetString(), Is.EqualTo(lost.Reason));
            Assert.That(detail.GetProperty("evidenceEvent").GetString(), Is.EqualTo(JaasEventTypes.RecordingUploaded));
        }
    }

    [Test]
    public async Task MeetingWithoutLostArtifactsOrUnreadableStatistics_HasNoSuchGap()
    {
        var meeting = GapEvents.NewMeeting();

        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RoomDestroyed(LastWeek.AddHours(1)));

        await AssertNoGapsAsync(meeting.SessionId, 2);
    }

    [Test]
    public async Task StatisticsFileNotInTheStore_IsAStatsUnreadableGapWithTheReason()
    {
        var meeting = GapEvents.NewMeeting();
        await PublishAsync(meeting.RoomCreated(LastWeek), meeting.RoomDestroyed(LastWeek.AddHours(1)));
        var stored = new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded,
            IdempotencyKey = "rtcstats-" + meeting.SessionId, SessionId = meeting.SessionId, Fqn = "app1/gap-room",
            EventTimestamp = LastWeek.AddMinutes(50), StoragePath = $"app1/gap-room/{meeting.SessionId}/rtcstats/none.gz",
            Sha256 = new string('0', 64), ParticipantId = "p-9", ParticipantName = "Grace",
        };

        // The call-quality worker finds no file and marks it missing; nothing else of the meeting arrives meanwhile.
        await host.PublishAsync(stored);

        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.StatsUnreadable);
        var detail = (await ReportGapsAsync(meeting.SessionId)).Single().GetProperty("detail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("participantId").GetString(), Is.EqualTo("p-9"));
            Assert.That(detail.GetProperty("participantName").GetString(), Is.EqualTo("Grace"));
            Assert.That(detail.GetProperty("artifactId").GetString(), Is.EqualTo(stored.ArtifactId.ToString()));
            Assert.That(detail.GetProperty("reason").GetString(), Is.EqualTo("The file is not in the artifact store."));
        }
    }

    [Test]
    public async Task SameEventsInAnotherOrderAndRepeated_GiveTheSameGaps()
    {
        var first = GapEvents.NewMeeting();
        var second = new GapEvents(first.SessionId + "-b");
        IEnumerable<JaasEvent> Meeting(GapEvents m) =>
        [
            m.RoomCreated(LastWeek), m.Joined("p-1", LastWeek.AddMinutes(1), "Ada"), m.Joined("p-2", LastWeek.AddMinutes(1)),
            m.Left("p-2", LastWeek.AddMinutes(9)), m.RecordingEnded(LastWeek.AddMinutes(10)), m.RecordingEnded(LastWeek.AddMinutes(20)),
            m.RecordingUploaded(LastWeek.AddMinutes(70), "rec-a"), m.Chunk(LastWeek.AddMinutes(5)), m.RoomDestroyed(LastWeek.AddHours(1)),
        ];
        var inOrder = Meeting(first).ToList();
        var shuffled = Meeting(second).ToList();
        shuffled.Reverse();
        // A repeat under a new key: JaaS re-sends the same thing.
        shuffled.Add(shuffled[0] with { IdempotencyKey = Guid.NewGuid().ToString() });

        await PublishAsync([.. inOrder]);
        await PublishAsync([.. shuffled]);

        string[] expected = [GapKinds.ParticipantWithoutLeave, GapKinds.RecordingNotUploaded, GapKinds.TranscriptNotUploaded];
        await host.WaitForRecordedKindsAsync(first.SessionId, expected);
        await host.WaitForRecordedKindsAsync(second.SessionId, expected);
        var a = (await ReportGapsAsync(first.SessionId)).Select(g => g.GetProperty("detail").GetRawText());
        var b = (await ReportGapsAsync(second.SessionId)).Select(g => g.GetProperty("detail").GetRawText());
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public async Task ClearingAMeeting_DeletesTheJournalRowsItsGapsWereReadFromAndItsGaps_ButKeepsItsLostArtifacts()
    {
        var meeting = GapEvents.NewMeeting();
        JaasEvent[] events = [meeting.RoomCreated(LastWeek), meeting.RecordingEnded(LastWeek.AddMinutes(5))];
        await PublishAsync([.. events, meeting.Lost(ArtifactKinds.Recording, "HTTP 403", LastWeek)]);
        await host.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.ArtifactLost, GapKinds.RecordingNotUploaded, GapKinds.RoomNotDestroyed);

        var cleared = await host.Store.ClearMeetingAsync(meeting.SessionId, events.Select(e => e.IdempotencyKey).ToList(), dryRun: false, CancellationToken.None);

        Assert.That(cleared.IsRefused, Is.False, cleared.Refusal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CountAsync("analytics_event_journal", meeting.SessionId), Is.Zero);
            Assert.That(await CountAsync("analytics_meeting_gaps", meeting.SessionId), Is.Zero);
            Assert.That(await CountAsync("analytics_gap_meetings", meeting.SessionId), Is.Zero);
            Assert.That(await CountAsync("analytics_lost_artifacts", meeting.SessionId), Is.EqualTo(1));
            Assert.That(await InboxRowsAsync(nameof(EventJournalConsumer), events), Is.Zero, "the replay is handled as if for the first time");
        }
    }

    private async Task<long> CountAsync(string table, string sessionId)
    {
        await using var connection = await host.Database.OpenAsync();
        // The table name is one of this fixture's literals.
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE session_id = @SessionId", new { SessionId = sessionId });
    }

    private async Task<long> InboxRowsAsync(string consumer, IEnumerable<JaasEvent> events)
    {
        await using var connection = await host.Database.OpenAsync();
        var ids = JsonSerializer.Serialize(events.Select(e => JaasMessageId.FromIdempotencyKey(e.IdempotencyKey).ToString()));
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM inbox_messages WHERE consumer = @Consumer AND lower(message_id) IN (SELECT value FROM json_each(@Ids))",
            new { Consumer = consumer, Ids = ids });
    }

    private async Task PublishAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await host.PublishAsync(message);
        }
    }

    /// <summary>Waits until the meeting's events are all in the gap work list and the worker has evaluated them, then expects no gap.</summary>
    private async Task AssertNoGapsAsync(string sessionId, int events)
    {
        await host.WaitForWorkListAsync(sessionId, events);
        await host.WaitForEvaluatedAsync(sessionId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await host.RecordedGapsAsync(sessionId), Is.Empty);
            Assert.That(await ReportGapsAsync(sessionId), Is.Empty);
        }
    }

    private async Task<IReadOnlyList<JsonElement>> ReportGapsAsync(string sessionId)
    {
        var json = await host.Client.GetStringAsync($"/api/analytics/{sessionId}");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("gaps").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static DateTimeOffset Ms(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
