using JaasPipeline.Testing;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// <c>jaas-ops replay</c> on the real RabbitMQ: a meeting replayed to one consumer's queue reaches that consumer only
/// (its inbox drops every copy), then a meeting replayed to every consumer reaches them all.
/// </summary>
public sealed class ReplayCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly string[] AttendanceConsumers = ["RoomLifecycleConsumer", "PresenceConsumer", "PhoneCallConsumer", "RoleChangedConsumer"];
    private OperationsPipeline pipeline = null!;

    [OneTimeSetUp]
    public async Task StartPipeline() => pipeline = await OperationsPipeline.StartAsync("replay-command-tests");

    [OneTimeTearDown]
    public async Task StopPipeline() => await pipeline.DisposeAsync();

    [Test]
    public async Task ReplayOfOneMeetingToTheAttendanceQueue_ReachesAttendanceOnly_ThenAnotherToEveryConsumerReachesAll()
    {
        using var duplicates = new InboxDuplicates();
        var (meetingA, deliveriesA) = OperationsPipeline.PlanMeeting(seed: 1);
        var (meetingB, deliveriesB) = OperationsPipeline.PlanMeeting(seed: 2);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        await pipeline.DeliverAsync(deliveriesA.Concat(deliveriesB));
        var attendanceA = deliveriesA.Count(d => d.IsAttendanceFact);
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RowsAsync("analytics", "analytics_event_journal", meetingA)).Count == deliveriesA.Count
                && (await pipeline.RowsAsync("analytics", "analytics_event_journal", meetingB)).Count == deliveriesB.Count
                && (await pipeline.RowsAsync("attendance", "attendance_facts", meetingA)).Count == attendanceA,
            Deadline, "both meetings handled");
        var before = (Attendance: duplicates.Of(AttendanceConsumers), Journal: duplicates.Of("EventJournalConsumer"));
        var attendanceReceived = pipeline.Completions.OfQueue("attendance");

        var toAttendance = await pipeline.RunOpsAsync("replay", "--from", from, "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"),
            "--session-id", meetingA, "--queue", "attendance");

        Assert.That(toAttendance.ExitCode, Is.Zero, toAttendance.ToString());
        Assert.That(toAttendance.Output.Trim(), Is.EqualTo($"Scheduled {deliveriesA.Count} accepted deliveries to queue attendance."));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(duplicates.Of(AttendanceConsumers) - before.Attendance == attendanceA), Deadline, "attendance's inbox dropped meeting A's copies");
        // The replay sent attendance every event type of the meeting; those it has no consumer for are dropped, not
        // moved to an attendance_skipped queue nobody watches.
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(pipeline.Completions.OfQueue("attendance") - attendanceReceived == deliveriesA.Count), Deadline, "attendance received every replayed delivery");
        var queues = await pipeline.VirtualHost.Broker.QueuesAsync(pipeline.VirtualHost.Name);
        Assert.That(queues.Select(q => q.Name), Does.Not.Contain("attendance_skipped"));

        var toEvery = await pipeline.RunOpsAsync("replay", "--from", from, "--to", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), "--session-id", meetingB);

        Assert.That(toEvery.ExitCode, Is.Zero, toEvery.ToString());
        Assert.That(toEvery.Output.Trim(), Is.EqualTo($"Scheduled {deliveriesB.Count} accepted deliveries to every consumer."));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(duplicates.Of("EventJournalConsumer") - before.Journal == deliveriesB.Count), Deadline, "analytics got meeting B again");
        // Meeting A went out before B and to the attendance queue only: analytics dropped B's copies and none of A's.
        Assert.That(duplicates.Of("EventJournalConsumer") - before.Journal, Is.EqualTo(deliveriesB.Count));
        Assert.That((await pipeline.RowsAsync("analytics", "analytics_event_journal", meetingA)).Count, Is.EqualTo(deliveriesA.Count), "nothing doubled");
    }
}
