using JaasPipeline.Testing;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// <c>jaas-ops error-queues</c> on the embedded default's in-memory bus: messages that failed every retry are rows of
/// <c>faulted_messages</c>, listed and moved back through the same API and commands as RabbitMQ's error queues; a moved
/// message is sent again from the ingress's outbox and handled exactly once.
/// </summary>
public sealed class FaultedMessageCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private OperationsPipeline pipeline = null!;

    [OneTimeSetUp]
    public async Task StartPipeline() => pipeline = await OperationsPipeline.StartInMemoryAsync();

    [OneTimeTearDown]
    public async Task StopPipeline() => await pipeline.DisposeAsync();

    [Test]
    public async Task FaultedMessages_AreListedAndMovedBackWithACount_ThenHandledOnce()
    {
        var (meeting, deliveries) = OperationsPipeline.PlanMeeting(seed: 55);
        var attendance = deliveries.Count(d => d.IsAttendanceFact);
        // The bug: attendance cannot store this meeting's facts.
        await pipeline.ExecuteAsync("attendance", $"""
            CREATE TRIGGER refuse_meeting BEFORE INSERT ON attendance_facts WHEN NEW.session_id = '{meeting}'
            BEGIN SELECT RAISE(ABORT, 'attendance bug'); END
            """);
        await pipeline.DeliverAsync(deliveries);
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RunOpsAsync("error-queues", "list")).Output.Contains(
                $"attendance {new string(' ', 24 - "attendance".Length)}faulted_messages {new string(' ', 30 - "faulted_messages".Length)}{attendance}"),
            Deadline, "every attendance message of the meeting failed its retries");
        var listed = (await pipeline.GetJsonAsync("/api/error-queues/attendance/messages?limit=500"))!;
        Assert.That(listed["items"]!.AsArray().Select(item => (string?)item!["exception"]).ToList(), Has.Count.EqualTo(attendance).And.All.Contain("attendance bug"));
        Assert.That(listed["next"], Is.Null);

        // Moved before the fix, a message fails again: its row is replaced (not doubled), still with its outbox id, so it can move again.
        var tooEarly = await pipeline.RunOpsAsync("error-queues", "move", "attendance", "--max", "1");
        Assert.That(tooEarly.Output.Trim(), Is.EqualTo($"Moved 1 message(s) from faulted_messages back to attendance; {attendance - 1} left."));
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.QueryAsync<long>("attendance", "SELECT COUNT(*) FROM faulted_messages WHERE redriven_at IS NULL AND outbox_id IS NOT NULL")).Single() == attendance
                && (await pipeline.QueryAsync<long>("attendance", "SELECT COUNT(*) FROM faulted_messages")).Single() == attendance,
            Deadline, "the copy failed again and replaced its row");

        await pipeline.ExecuteAsync("attendance", "DROP TRIGGER refuse_meeting");
        var first = await pipeline.RunOpsAsync("error-queues", "move", "attendance", "--max", "2");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Output.Trim(), Is.EqualTo($"Moved 2 message(s) from faulted_messages back to attendance; {attendance - 2} left."));
        await Eventually.WaitUntilAsync(async () => (await pipeline.RowsAsync("attendance", "attendance_facts", meeting)).Count == 2, Deadline, "the two moved are handled");

        var rest = await pipeline.RunOpsAsync("error-queues", "move", "attendance");

        Assert.That(rest.Output.Trim(), Is.EqualTo($"Moved {attendance - 2} message(s) from faulted_messages back to attendance; 0 left."));
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RowsAsync("attendance", "attendance_facts", meeting)).Count == attendance
                && (await pipeline.QueryAsync<long>("attendance", "SELECT COUNT(*) FROM faulted_messages")).Single() == 0,
            Deadline, "every moved message handled, and its faulted row gone");
        var again = await pipeline.RunOpsAsync("error-queues", "move", "attendance");
        Assert.That(again.Output.Trim(), Is.EqualTo("Moved 0 message(s) from faulted_messages back to attendance; 0 left."));
        Assert.That(await pipeline.RowsAsync("attendance", "attendance_facts", meeting), Has.Count.EqualTo(attendance), "each message handled once");
    }

    [Test]
    public async Task MoveOfAQueueTheServiceDoesNotConsume_FailsInOneLine()
    {
        var run = await pipeline.RunOpsAsync("error-queues", "move", "no-such-queue");

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error.Trim(), Does.StartWith("jaas-ops: error-queue move refused: the service at ").And.Contain(" answered 404 No such queue"));
    }
}
