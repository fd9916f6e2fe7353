using Dapper;
using JaasPipeline.Data;

namespace JaasPipeline.Messaging;

/// <summary>A message that exhausted its retries on the in-memory bus, whose error queue dies with the process.</summary>
public sealed record FaultedMessage(string Queue, string Consumer, Guid MessageId, string MessageType, long? OutboxId, string Exception);

/// <summary>One row of <c>faulted_messages</c> as the error-queue API lists it; <see cref="RedrivenAt"/> is set while a move's copy is on its way.</summary>
public sealed record FaultedMessageRow(
    long Id, string Queue, string Consumer, string MessageId, string MessageType, long? OutboxId, string Exception, long FaultedAt, long? RedrivenAt);

/// <summary>
/// <c>faulted_messages</c> in a consumer service's database: what RabbitMQ's <c>&lt;queue&gt;_error</c> queue is in
/// production, for the embedded default. The outbox id says which delivery to send again once the fault is fixed.
/// A row is <em>waiting</em> unless a move re-drove it in this process's life (<c>redriven_at</c> at or after
/// <c>@StartedAt</c>): a copy re-driven before the last start died with that process, so its row waits again.
/// </summary>
public sealed class FaultedMessageStore(Database database)
{
    private static class SqliteSql
    {
        // A message that faults again after a move replaces its re-driven row: one row per message and queue waits.
        public const string ForgetRedriven = "DELETE FROM faulted_messages WHERE queue = @Queue AND message_id = @MessageId AND redriven_at IS NOT NULL";

        public const string Insert = """
            INSERT INTO faulted_messages (queue, consumer, message_id, message_type, outbox_id, exception, faulted_at)
            VALUES (@Queue, @Consumer, @MessageId, @MessageType, @OutboxId, @Exception, @FaultedAt)
            """;

        public const string CountWaiting = """
            SELECT queue AS Queue, COUNT(*) AS Messages FROM faulted_messages
            WHERE redriven_at IS NULL OR redriven_at < @StartedAt GROUP BY queue
            """;

        // Oldest first: the order they failed in, as a RabbitMQ error queue hands them out.
        public const string Waiting = """
            SELECT id, queue, consumer, message_id AS MessageId, message_type AS MessageType, outbox_id AS OutboxId, exception, faulted_at AS FaultedAt,
                   redriven_at AS RedrivenAt
            FROM faulted_messages WHERE queue = @Queue AND (redriven_at IS NULL OR redriven_at < @StartedAt) ORDER BY id LIMIT @Max
            """;

        // Newest first (docs/api.md §5); the cursor is the last id.
        public const string Page = """
            SELECT id, queue, consumer, message_id AS MessageId, message_type AS MessageType, outbox_id AS OutboxId, exception, faulted_at AS FaultedAt,
                   redriven_at AS RedrivenAt
            FROM faulted_messages WHERE queue = @Queue AND (@BeforeId IS NULL OR id < @BeforeId) ORDER BY id DESC LIMIT @Limit
            """;

        public const string MarkRedriven = "UPDATE faulted_messages SET redriven_at = @Now WHERE id IN (SELECT value FROM json_each(@Ids))";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string ForgetRedriven =
            "DELETE FROM dbo.faulted_messages WHERE queue = @Queue AND message_id = @MessageId AND redriven_at IS NOT NULL";

        public const string Insert = """
            INSERT INTO dbo.faulted_messages (queue, consumer, message_id, message_type, outbox_id, exception, faulted_at)
            VALUES (@Queue, @Consumer, @MessageId, @MessageType, @OutboxId, @Exception, @FaultedAt)
            """;

        public const string CountWaiting = """
            SELECT queue AS Queue, COUNT_BIG(*) AS Messages FROM dbo.faulted_messages
            WHERE redriven_at IS NULL OR redriven_at < @StartedAt GROUP BY queue
            """;

        public const string Waiting = """
            SELECT TOP (@Max) id, queue, consumer, CONVERT(NVARCHAR(36), message_id) AS MessageId, message_type AS MessageType, outbox_id AS OutboxId,
                   exception, faulted_at AS FaultedAt, redriven_at AS RedrivenAt
            FROM dbo.faulted_messages WHERE queue = @Queue AND (redriven_at IS NULL OR redriven_at < @StartedAt) ORDER BY id
            """;

        public const string Page = """
            SELECT TOP (@Limit) id, queue, consumer, CONVERT(NVARCHAR(36), message_id) AS MessageId, message_type AS MessageType, outbox_id AS OutboxId,
                   exception, faulted_at AS FaultedAt, redriven_at AS RedrivenAt
            FROM dbo.faulted_messages WHERE queue = @Queue AND (@BeforeId IS NULL OR id < @BeforeId) ORDER BY id DESC
            """;

        public const string MarkRedriven = "UPDATE dbo.faulted_messages SET redriven_at = @Now WHERE id IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@Ids))";
    }

    public async Task RecordAsync(FaultedMessage message, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var messageId = MessageIdParameter(message.MessageId);
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.ForgetRedriven, SqlServerSql.ForgetRedriven), new { message.Queue, MessageId = messageId }, transaction);
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.Insert, SqlServerSql.Insert),
            new
            {
                message.Queue,
                message.Consumer,
                MessageId = messageId,
                message.MessageType,
                message.OutboxId,
                message.Exception,
                FaultedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How many rows wait, by queue (queues with none are absent).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountWaitingAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = await connection.QueryAsync<(string Queue, long Messages)>(new CommandDefinition(
            database.Sql(SqliteSql.CountWaiting, SqlServerSql.CountWaiting), new { StartedAt = startedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return counts.ToDictionary(count => count.Queue, count => count.Messages, StringComparer.Ordinal);
    }

    /// <summary>Up to <paramref name="max"/> waiting rows of <paramref name="queue"/>, oldest first.</summary>
    public async Task<IReadOnlyList<FaultedMessageRow>> WaitingAsync(string queue, int max, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<FaultedMessageRow>(new CommandDefinition(
            database.Sql(SqliteSql.Waiting, SqlServerSql.Waiting), new { Queue = queue, Max = max, StartedAt = startedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken))];
    }

    /// <summary>One page of every row of <paramref name="queue"/>, newest first, before the row <paramref name="beforeId"/>.</summary>
    public async Task<IReadOnlyList<FaultedMessageRow>> PageAsync(string queue, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<FaultedMessageRow>(new CommandDefinition(
            database.Sql(SqliteSql.Page, SqlServerSql.Page), new { Queue = queue, Limit = limit, BeforeId = beforeId }, cancellationToken: cancellationToken))];
    }

    /// <summary>Marks the rows as re-driven now.</summary>
    public async Task MarkRedrivenAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.MarkRedriven, SqlServerSql.MarkRedriven),
            new { Ids = System.Text.Json.JsonSerializer.Serialize(ids), Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the re-driven row(s) of a message its queue has now consumed (or its inbox dropped as already handled).</summary>
    public async Task ForgetRedrivenAsync(string queue, Guid messageId, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.ForgetRedriven, SqlServerSql.ForgetRedriven), new { Queue = queue, MessageId = MessageIdParameter(messageId) },
            cancellationToken: cancellationToken));
    }

    private object MessageIdParameter(Guid messageId) => database.Provider == DatabaseProvider.Sqlite ? messageId.ToString() : messageId;
}
