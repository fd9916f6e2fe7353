using Dapper;
using JaasPipeline.Data;

namespace JaasPipeline.Messaging;

/// <summary>A message that exhausted its retries on the in-memory bus, whose error queue dies with the process.</summary>
public sealed record FaultedMessage(string Queue, string Consumer, Guid MessageId, string MessageType, long? OutboxId, string Exception);

/// <summary>
/// <c>faulted_messages</c> in a consumer service's database: what RabbitMQ's <c>&lt;queue&gt;_error</c> queue is in
/// production, for the embedded default. The outbox id says which delivery to replay once the fault is fixed.
/// </summary>
public sealed class FaultedMessageStore(Database database)
{
    private static class SqliteSql
    {
        public const string Insert = """
            INSERT INTO faulted_messages (queue, consumer, message_id, message_type, outbox_id, exception, faulted_at)
            VALUES (@Queue, @Consumer, @MessageId, @MessageType, @OutboxId, @Exception, @FaultedAt)
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string Insert = """
            INSERT INTO dbo.faulted_messages (queue, consumer, message_id, message_type, outbox_id, exception, faulted_at)
            VALUES (@Queue, @Consumer, @MessageId, @MessageType, @OutboxId, @Exception, @FaultedAt)
            """;
    }

    public async Task RecordAsync(FaultedMessage message, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.Insert, SqlServerSql.Insert),
            new
            {
                message.Queue,
                message.Consumer,
                MessageId = database.Provider == DatabaseProvider.Sqlite ? (object)message.MessageId.ToString() : message.MessageId,
                message.MessageType,
                message.OutboxId,
                message.Exception,
                FaultedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            });
    }
}
