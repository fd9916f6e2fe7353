using JaasPipeline.Testing;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// <c>jaas-ops error-queues</c> on the real RabbitMQ: messages that failed every retry are listed with their count, and
/// once the cause is fixed move back to the queue as many at a time as asked, each handled once.
/// </summary>
public sealed class ErrorQueueCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private OperationsPipeline pipeline = null!;

    [OneTimeSetUp]
    public async Task StartPipeline() => pipeline = await OperationsPipeline.StartAsync("error-queue-command-tests");

    [OneTimeTearDown]
    public async Task StopPipeline() => await pipeline.DisposeAsync();

    [Test]
    public async Task FailedMessages_AreListedAndMovedBackWithACount_ThenHandledOnce()
    {
        var (meeting, deliveries) = OperationsPipeline.PlanMeeting(seed: 5);
        var attendance = deliveries.Count(d => d.IsAttendanceFact);
        // The bug: attendance cannot store this meeting's facts.
        await pipeline.ExecuteAsync("attendance", $"""
            CREATE TRIGGER refuse_meeting BEFORE INSERT ON attendance_facts WHEN NEW.session_id = '{meeting}'
            BEGIN SELECT RAISE(ABORT, 'attendance bug'); END
            """);
        await pipeline.DeliverAsync(deliveries);
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RunOpsAsync("error-queues", "list")).Output.Contains($"attendance_error {new string(' ', 30 - "attendance_error".Length)}{attendance}"),
            Deadline, "every attendance message of the meeting failed its retries");

        await pipeline.ExecuteAsync("attendance", "DROP TRIGGER refuse_meeting");
        var first = await pipeline.RunOpsAsync("error-queues", "move", "attendance", "--max", "2");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Output.Trim(), Is.EqualTo($"Moved 2 message(s) from attendance_error back to attendance; {attendance - 2} left."));
        await Eventually.WaitUntilAsync(async () => (await pipeline.RowsAsync("attendance", "attendance_facts", meeting)).Count == 2, Deadline, "the two moved are handled");

        var rest = await pipeline.RunOpsAsync("error-queues", "move", "attendance");

        Assert.That(rest.Output.Trim(), Is.EqualTo($"Moved {attendance - 2} message(s) from attendance_error back to attendance; 0 left."));
        await Eventually.WaitUntilAsync(
            async () => (await pipeline.RowsAsync("attendance", "attendance_facts", meeting)).Count == attendance, Deadline, "every moved message handled");
    }

    [Test]
    public async Task MoveOfAQueueTheServiceDoesNotConsume_FailsInOneLine()
    {
        var run = await pipeline.RunOpsAsync("error-queues", "move", "no-such-queue");

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error.Trim(), Does.StartWith("jaas-ops: error-queue move refused: ").And.Contain(" answered 404 No such queue"));
        Assert.That(run.Error.Trim(), Does.Not.Contain("\n"));
    }

    [Test]
    public async Task TheList_SaysEachServiceQueuesReadyMessagesAndConsumers_AsTheBrokerDoes()
    {
        var broker = await pipeline.VirtualHost.Broker.QueuesAsync(pipeline.VirtualHost.Name);
        var items = (await pipeline.GetJsonAsync("/api/error-queues"))!["items"]!.AsArray();

        Assert.That(items.Select(item => (string?)item!["queue"]), Is.EquivalentTo(new[] { "analytics", "attendance", "transcription" }), "the queues this pipeline's host consumes");
        foreach (var item in items)
        {
            var queue = (string)item!["queue"]!;
            using (Assert.EnterMultipleScope())
            {
                Assert.That((long?)item["queueConsumers"], Is.EqualTo(broker.Single(q => q.Name == queue).Consumers).And.GreaterThanOrEqualTo(1), queue);
                Assert.That((long?)item["queueReady"], Is.GreaterThanOrEqualTo(0), queue);
            }
        }
    }
}
