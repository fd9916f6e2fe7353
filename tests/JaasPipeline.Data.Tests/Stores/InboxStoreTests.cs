using System.Diagnostics.Metrics;
using Dapper;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data.Tests.Stores;

/// <summary>
/// The messaging tables every consumer database has, on each backend: the inbox record (inserted once per consumer
/// and message, under UPDLOCK, HOLDLOCK on SQL Server), its retention, and the faulted-message record.
/// </summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class InboxStoreTests(TestDatabaseBackend backend)
{
    private static readonly string SqliteRecord = SqlServerStatements.Constants(typeof(InboxTransaction).Assembly, "SqliteSql")
        .Single(statement => statement.Name == "InboxCommitGroup.SqliteSql.Record").Sql;

    [Test]
    public async Task InboxRecord_InsertsOnceThenNothing()
    {
        await using var database = await MigratedAsync();
        await using var connection = await database.Database.OpenAsync();
        var messageId = Guid.NewGuid();

        var first = await RecordAsync(database.Database, connection, "inbox-probe", messageId, receivedAt: 1);
        var again = await RecordAsync(database.Database, connection, "inbox-probe", messageId, receivedAt: 2);
        var otherConsumer = await RecordAsync(database.Database, connection, "other-consumer", messageId, receivedAt: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(1));
            Assert.That(again, Is.Zero);
            Assert.That(otherConsumer, Is.EqualTo(1), "the inbox is per consumer");
        }
    }

    [Test]
    public async Task InboxRetention_DeletesOnlyRowsOlderThanItsWindowInSlices()
    {
        await using var database = await MigratedAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var connection = await database.Database.OpenAsync())
        {
            foreach (var age in new[] { 15, 15, 15, 13 })
            {
                await RecordAsync(database.Database, connection, "probe", Guid.NewGuid(), now.AddDays(-age).ToUnixTimeMilliseconds());
            }
        }

        var rule = new RetentionRule("inbox_messages", "Messaging:InboxRetention", () => TimeSpan.FromDays(14),
            InboxRetention.SqliteSql.DeleteHandled, InboxRetention.SqlServerSql.DeleteHandled);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var retention = new DatabaseRetention(database.Database, [rule], Options.Create(new RetentionOptions { SliceSize = 2 }),
            TimeProvider.System, new RetentionMetrics(meters.GetRequiredService<IMeterFactory>()),
            NullLogger<DatabaseRetention>.Instance);

        var results = await retention.DeleteDueRowsAsync(CancellationToken.None);

        await using var check = await database.Database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results, Is.EqualTo(new[] { new RetentionResult("inbox_messages", 3, 2) }));
            Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task FaultedMessage_IsRecordedWithItsOutboxId()
    {
        await using var database = await MigratedAsync();
        var messageId = Guid.NewGuid();

        await new FaultedMessageStore(database.Database).RecordAsync(
            new FaultedMessage("attendance", "PresenceConsumer", messageId, "urn:message:JaasPipeline.Contracts:ParticipantJoined", 42, "boom"),
            CancellationToken.None);

        await using var connection = await database.Database.OpenAsync();
        var row = await connection.QuerySingleAsync<(string Queue, long? OutboxId, string Exception)>(
            "SELECT queue, outbox_id, exception FROM faulted_messages");
        Assert.That(row, Is.EqualTo(("attendance", (long?)42, "boom")));
    }

    private Task<TestDatabase> MigratedAsync() => backend.CreateMigratedAsync("inbox", typeof(InboxTransaction).Assembly);

    // What the inbox filter writes: message_id is text on SQLite, UNIQUEIDENTIFIER on SQL Server.
    private static Task<int> RecordAsync(Database database, System.Data.Common.DbConnection connection, string consumer, Guid messageId, long receivedAt) =>
        connection.ExecuteAsync(
            database.Sql(SqliteRecord, InboxFilter<InboxProbeConsumer, InboxProbe>.SqlServerSql.Record),
            new
            {
                Consumer = consumer,
                MessageId = database.Provider == DatabaseProvider.Sqlite ? (object)messageId.ToString() : messageId,
                MessageType = nameof(InboxProbe),
                ReceivedAt = receivedAt,
            });
}
