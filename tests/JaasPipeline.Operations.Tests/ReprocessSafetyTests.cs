using System.Net;
using JaasPipeline.Testing;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// <c>jaas-ops reprocess</c> never destroys what it cannot rebuild: every check (the replay API, the service's reprocess
/// API, each meeting's deliveries still kept) runs for every meeting before the first clearing, and a refusal leaves every
/// row as it was; a clearing whose replay then fails is finished by the next run; <c>--dry-run</c> shows the plan and
/// changes nothing. On the real RabbitMQ.
/// </summary>
public sealed class ReprocessSafetyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private OperationsPipeline pipeline = null!;

    [OneTimeSetUp]
    public async Task StartPipeline() => pipeline = await OperationsPipeline.StartAsync("reprocess-safety-tests");

    [OneTimeTearDown]
    public async Task StopPipeline() => await pipeline.DisposeAsync();

    [Test]
    public async Task ReplayApiOff_IsRefusedBeforeAnyClearing_AndNothingIsDeleted()
    {
        var meeting = await DeliverMeetingAsync(seed: 101);
        var before = await StateAsync(meeting.SessionId);
        // What an ingress without an operator key answers (docs/api.md §1): the admin API is off.
        using var replayOff = new ScriptedAnswers((request, _) => request.RequestUri!.AbsolutePath == "/api/replay"
            ? ScriptedAnswers.Problem(HttpStatusCode.NotFound, "Replay API off", "No operator key (Api:Keys) is configured on this host.")
            : null);

        var run = await pipeline.RunOpsAsync(replayOff, ReprocessArgs("attendance", meeting));

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error, Does.Contain("replay check refused: ingress at ").And.Contain(" answered 404 Replay API off"));
        Assert.That(run.Error, Does.Contain("reprocess refused before anything was deleted: 1 problem(s)"));
        Assert.That(run.Output, Is.Empty, "no \"Reprocessing …\" line: nothing started");
        Assert.That(replayOff.Requests.Where(r => r.Contains("/clear", StringComparison.Ordinal) && !r.EndsWith("?dryRun=true", StringComparison.Ordinal)),
            Is.Empty, "no clearing was asked for");
        Assert.That(await StateAsync(meeting.SessionId), Is.EqualTo(before), "nothing deleted");
    }

    [Test]
    public async Task WrongKey_IsRefusedWithOneLinePerProblem_AndNothingIsDeleted()
    {
        var meeting = await DeliverMeetingAsync(seed: 102);
        var before = await StateAsync(meeting.SessionId);

        var run = await OpsRun.RunAsync([.. ReprocessArgs("attendance", meeting), "--ingress-url", pipeline.Client.BaseAddress!.ToString(),
            "--api-key", "not-the-operations-key-0123456789"]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        var lines = run.Error.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(4), "the reprocess API, the replay API, the delivery log, and the summary");
        Assert.That(lines[0], Does.Contain("attendance's reprocess API refused: ").And.Contain(" answered 401"));
        Assert.That(lines[1], Does.Contain("replay check refused: ").And.Contain(" answered 401"));
        Assert.That(lines[2], Does.Contain("delivery log refused: ").And.Contain(" answered 401"));
        Assert.That(await StateAsync(meeting.SessionId), Is.EqualTo(before), "nothing deleted");
    }

    [Test]
    public async Task AMeetingWhoseDeliveryTheIngressNoLongerKeeps_RefusesTheWholeRunBeforeTheFirstClearing()
    {
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        // The delivery log lists newest first: the meeting that can be rebuilt comes first, and was cleared before the
        // run stopped at the other's 409.
        var purged = await DeliverMeetingAsync(seed: 104);
        var kept = await DeliverMeetingAsync(seed: 103);
        var keptBefore = await StateAsync(kept.SessionId);
        var purgedBefore = await StateAsync(purged.SessionId);
        // As retention would: the ingress no longer holds the purged meeting's first attendance delivery.
        var gone = purged.Deliveries.First(d => d.IsAttendanceFact).IdempotencyKey;
        await pipeline.ExecuteAsync("ingress", "DELETE FROM outbox_deliveries WHERE idempotency_key = @Key", new { Key = gone });

        var run = await pipeline.RunOpsAsync("reprocess", "attendance", "--from", startedAt.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error, Does.Contain($"meeting {purged.SessionId}: checking meeting {purged.SessionId} refused: ").And.Contain(" answered 409 Clearing refused"));
        Assert.That(run.Error, Does.Contain(gone));
        Assert.That(run.Output, Is.Empty);
        Assert.Multiple(async () =>
        {
            Assert.That(await StateAsync(kept.SessionId), Is.EqualTo(keptBefore), "the meeting that could be rebuilt was not cleared either");
            Assert.That(await StateAsync(purged.SessionId), Is.EqualTo(purgedBefore), "nothing deleted");
            Assert.That(await pipeline.QueryAsync<string>("attendance", "SELECT session_id FROM reprocess_pending"), Is.Empty);
        });
    }

    [Test]
    public async Task AClearingWhoseReplayFailed_IsReplayedByTheNextRun_AndTheReportIsBackToTheFirstTimeResult()
    {
        var meeting = await DeliverMeetingAsync(seed: 105);
        var firstReport = (await pipeline.GetJsonAsync($"/api/attendance/{meeting.SessionId}"))!.ToJsonString();
        var firstFacts = await pipeline.RowsAsync("attendance", "attendance_facts", meeting.SessionId);
        // The ingress goes away between the clearing and the replay: every check passed, the real replay answers 503.
        using var ingressDown = new ScriptedAnswers((request, body) =>
            request.RequestUri!.AbsolutePath == "/api/replay" && !body.Contains("\"dryRun\":true", StringComparison.Ordinal)
                ? ScriptedAnswers.Problem(HttpStatusCode.ServiceUnavailable, "Database unavailable", "Retry later.")
                : null);

        var failed = await pipeline.RunOpsAsync(ingressDown, ReprocessArgs("attendance", meeting));

        Assert.That(failed.ExitCode, Is.EqualTo(OpsCommandLine.Failed), failed.ToString());
        Assert.That(failed.Error, Does.Contain("replay refused: ingress at ").And.Contain(" answered 503").And.Contain("attendance keeps it as pending"));
        Assert.That(await pipeline.RowsAsync("attendance", "attendance_facts", meeting.SessionId), Is.Empty, "cleared, not replayed");
        Assert.That(await pipeline.QueryAsync<string>("attendance", "SELECT session_id FROM reprocess_pending"), Is.EqualTo(new[] { meeting.SessionId }),
            "the service knows the replay is owed");

        // The next run, for any range (here: a range without this meeting), replays it first.
        var resumed = await pipeline.RunOpsAsync("reprocess", "attendance", "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-02T00:00:00Z");

        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        Assert.That(resumed.Output, Does.Contain($"meeting {meeting.SessionId}: cleared at ").And.Contain("replay resumed"));
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.GetJsonAsync($"/api/attendance/{meeting.SessionId}"))?.ToJsonString() == firstReport,
            Deadline, "the resumed replay rebuilt the meeting's attendance");
        Assert.That(await pipeline.RowsAsync("attendance", "attendance_facts", meeting.SessionId), Is.EqualTo(firstFacts));
        Assert.That(await pipeline.QueryAsync<string>("attendance", "SELECT session_id FROM reprocess_pending"), Is.Empty, "no longer pending");
    }

    [Test]
    public async Task DryRun_ShowsPerMeetingWhatWouldBeDeletedAndReplayed_AndChangesNothing()
    {
        var meeting = await DeliverMeetingAsync(seed: 106);
        var before = await StateAsync(meeting.SessionId);
        var attendance = meeting.Deliveries.Where(d => d.IsAttendanceFact).ToList();
        var types = string.Join(", ", attendance.Select(d => d.EventType).Distinct().Order(StringComparer.Ordinal));

        var run = await pipeline.RunOpsAsync([.. ReprocessArgs("attendance", meeting), "--dry-run"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain(
            $"meeting {meeting.SessionId}: would delete {attendance.Count} effect rows and {attendance.Count} inbox rows; " +
            $"would replay {attendance.Count} of {meeting.Deliveries.Count} deliveries ({types}) to queue attendance"));
        Assert.That(run.Output, Does.Contain("Dry run: nothing was deleted or replayed."));
        Assert.That(await StateAsync(meeting.SessionId), Is.EqualTo(before), "nothing deleted");
        Assert.That(await pipeline.QueryAsync<string>("attendance", "SELECT session_id FROM reprocess_pending"), Is.Empty);
        Assert.That(await pipeline.QueryAsync<long>("ingress", "SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NULL"), Is.EqualTo(new[] { 0L }),
            "nothing scheduled for replay");
    }

    [Test]
    public async Task ReprocessOfMediaArtifacts_IsRefusedBeforeAnythingIsCalled_SayingWhy()
    {
        using var seen = new ScriptedAnswers((_, _) => null);

        var run = await pipeline.RunOpsAsync(seen, "reprocess", "media-artifacts", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z");

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line");
        Assert.That(run.Error, Does.Contain("links expire").And.Contain("new artifact ids").And.Not.Contain("409"));
        Assert.That(run.Output, Is.Empty, "no \"Reprocessing …\" and no \"run again for the rest\"");
        Assert.That(seen.Requests, Is.Empty, "nothing called on any service");
    }

    private static string[] ReprocessArgs(string consumer, Meeting meeting) =>
        ["reprocess", consumer, "--from", meeting.StartedAt.ToString("O"), "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--session-id", meeting.SessionId];

    private async Task<Meeting> DeliverMeetingAsync(int seed)
    {
        var (sessionId, deliveries) = OperationsPipeline.PlanMeeting(seed);
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await pipeline.DeliverAsync(deliveries);
        var attendance = deliveries.Count(d => d.IsAttendanceFact);
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RowsAsync("attendance", "attendance_facts", sessionId)).Count == attendance
                && (await pipeline.QueryAsync<long>("ingress", "SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NULL")).Single() == 0,
            Deadline, "the meeting is in and every delivery published");
        return new Meeting(sessionId, deliveries, startedAt);
    }

    // What reprocess could destroy: the meeting's attendance rows and the attendance inbox.
    private async Task<string> StateAsync(string sessionId) =>
        string.Join("\n", await pipeline.RowsAsync("attendance", "attendance_facts", sessionId))
        + "\n--\n" + string.Join("\n", await pipeline.QueryAsync<string>("attendance", "SELECT consumer || message_id || received_at FROM inbox_messages ORDER BY 1"));

    private sealed record Meeting(string SessionId, IReadOnlyList<JaasPipeline.Traffic.Delivery> Deliveries, DateTimeOffset StartedAt);
}
