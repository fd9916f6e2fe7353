using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics;

/// <summary>Records every JaaS event, whatever its type, in the analytics journal.</summary>
public sealed class EventJournalConsumer(InboxTransaction inbox)
    : IConsumer<IJaasEvent>
{
    private static class SqliteSql
    {
        public const string Append = """
            INSERT INTO analytics_event_journal (message_id, idempotency_key, event_type, session_id, fqn, occurred_at)
            VALUES (@MessageId, @IdempotencyKey, @EventType, @SessionId, @Fqn, @OccurredAt)
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string Append = """
            INSERT INTO dbo.analytics_event_journal (message_id, idempotency_key, event_type, session_id, fqn, occurred_at)
            VALUES (@MessageId, @IdempotencyKey, @EventType, @SessionId, @Fqn, @OccurredAt)
            """;
    }

    public Task Consume(ConsumeContext<IJaasEvent> context)
    {
        var message = context.Message;
        var messageId = context.MessageId!.Value;
        return inbox.Connection.ExecuteAsync(
            inbox.Database.Sql(SqliteSql.Append, SqlServerSql.Append),
            new
            {
                MessageId = inbox.Database.Provider == DatabaseProvider.Sqlite ? (object)messageId.ToString() : messageId,
                message.IdempotencyKey,
                message.EventType,
                message.SessionId,
                message.Fqn,
                OccurredAt = message.Timestamp.ToUnixTimeMilliseconds(),
            },
            inbox.Transaction);
    }
}
