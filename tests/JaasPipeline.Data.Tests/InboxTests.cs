using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// STYLE.md 7: the inbox filter records each message in the consumer's transaction and skips repeats. A real bus
/// (in-memory transport) and a real database (a SQLite file, and SQL Server where Docker answers), wired through
/// AddServiceDatabase and AddJaasMessaging.
/// </summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class InboxTests(TestDatabaseBackend backend)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private TestDatabase? database;
    private InboxProbeHost host = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        database = await backend.CreateAsync(InboxProbeConsumerDefinition.Queue);
        host = InboxProbeHost.Create(new Dictionary<string, string?>(database.Settings("InboxProbe:Database"))
        {
            ["Messaging:Transport"] = "InMemory",
        });
        await host.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Test]
    public async Task SameMessageIdPublishedTwice_LeavesOneRowAndOneInboxRecord()
    {
        var probe = new InboxProbe(Guid.NewGuid(), FailingAttempts: 0);
        var messageId = NewId.NextGuid();

        await host.Bus.Publish(probe, context => context.MessageId = messageId);
        await host.Bus.Publish(probe, context => context.MessageId = messageId);
        await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) == 2, Deadline, "both deliveries are finished");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await host.EffectsAsync(probe.Key), Is.EqualTo(1), "rows");
            Assert.That(await host.InboxRecordsAsync(messageId), Is.EqualTo(1), "inbox records");
            Assert.That(host.Attempts.Of(probe.Key), Is.EqualTo(1), "the consumer ran once: the repeat was skipped before it");
        }
    }

    [Test]
    public async Task SameMessageWithDifferentIds_LeavesTwoRows()
    {
        var probe = new InboxProbe(Guid.NewGuid(), FailingAttempts: 0);
        Guid[] messageIds = [NewId.NextGuid(), NewId.NextGuid()];

        foreach (var messageId in messageIds)
        {
            await host.Bus.Publish(probe, context => context.MessageId = messageId);
        }

        await Eventually.WaitUntilAsync(() => messageIds.All(id => host.Completions.Of(id) == 1), Deadline, "both deliveries are finished");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await host.EffectsAsync(probe.Key), Is.EqualTo(2), "rows");
            Assert.That(await host.InboxRecordsAsync(messageIds[0]), Is.EqualTo(1), "inbox records of the first id");
            Assert.That(await host.InboxRecordsAsync(messageIds[1]), Is.EqualTo(1), "inbox records of the second id");
        }
    }

    [Test]
    public async Task ConsumerThatAlwaysThrowsAfterWriting_LeavesNeitherRowNorInboxRecord()
    {
        var probe = new InboxProbe(Guid.NewGuid(), FailingAttempts: int.MaxValue);
        var messageId = NewId.NextGuid();

        await host.Bus.Publish(probe, context => context.MessageId = messageId);
        await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) == 1, Deadline, "the delivery is finished (faulted)");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(host.Attempts.Of(probe.Key), Is.EqualTo(1 + InboxProbeConsumerDefinition.ImmediateRetries), "attempts");
            Assert.That(await host.EffectsAsync(probe.Key), Is.Zero, "rows");
            Assert.That(await host.InboxRecordsAsync(messageId), Is.Zero, "inbox records: a redelivery must still be handled");
        }
    }

    [Test]
    public async Task ConsumerThatThrowsUntilTheLastRetry_LeavesExactlyOneRow()
    {
        var probe = new InboxProbe(Guid.NewGuid(), FailingAttempts: InboxProbeConsumerDefinition.ImmediateRetries);
        var messageId = NewId.NextGuid();

        await host.Bus.Publish(probe, context => context.MessageId = messageId);
        await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) == 1, Deadline, "the delivery is finished");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(host.Attempts.Of(probe.Key), Is.EqualTo(1 + InboxProbeConsumerDefinition.ImmediateRetries), "attempts");
            Assert.That(await host.EffectsAsync(probe.Key), Is.EqualTo(1), "rows: each failed attempt's write rolled back");
            Assert.That(await host.InboxRecordsAsync(messageId), Is.EqualTo(1), "inbox records");
        }
    }

    [Test]
    public async Task RedeliveryAfterAFault_IsHandledBecauseTheFaultRecordedNothing()
    {
        // First delivery faults on every attempt; the same message id delivered again must then be consumed.
        var key = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        await host.Bus.Publish(new InboxProbe(key, FailingAttempts: 1 + InboxProbeConsumerDefinition.ImmediateRetries), context => context.MessageId = messageId);
        await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) == 1, Deadline, "the first delivery is finished (faulted)");

        await host.Bus.Publish(new InboxProbe(key, FailingAttempts: 1 + InboxProbeConsumerDefinition.ImmediateRetries), context => context.MessageId = messageId);
        await Eventually.WaitUntilAsync(() => host.Completions.Of(messageId) == 2, Deadline, "the redelivery is finished");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(host.Attempts.Of(key), Is.EqualTo(2 + InboxProbeConsumerDefinition.ImmediateRetries), "attempts");
            Assert.That(await host.EffectsAsync(key), Is.EqualTo(1), "rows");
            Assert.That(await host.InboxRecordsAsync(messageId), Is.EqualTo(1), "inbox records");
        }
    }
}
