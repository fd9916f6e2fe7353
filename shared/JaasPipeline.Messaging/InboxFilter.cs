using Dapper;
using JaasPipeline.Data;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Messaging;

/// <summary>
/// Exactly-once effect for a consumer under redelivery, republish and competing instances: records
/// (consumer, message id) in the consumer's own database transaction and skips a message already recorded.
/// The consumer is the receive endpoint (queue) name, which is also the key of the service's <see cref="Database"/>.
/// </summary>
public sealed partial class InboxFilter<TMessage>(
    IServiceProvider services, InboxTransaction inboxTransaction, ILogger<InboxFilter<TMessage>> logger)
    : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    private static class SqliteSql
    {
        public const string Record = """
            INSERT INTO inbox_messages (consumer, message_id, message_type, received_at)
            VALUES (@Consumer, @MessageId, @MessageType, @ReceivedAt)
            ON CONFLICT (consumer, message_id) DO NOTHING
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        // UPDLOCK+HOLDLOCK makes a competing instance wait for the first one's commit instead of racing past the check.
        public const string Record = """
            INSERT INTO dbo.inbox_messages (consumer, message_id, message_type, received_at)
            SELECT @Consumer, @MessageId, @MessageType, @ReceivedAt
            WHERE NOT EXISTS (
                SELECT 1 FROM dbo.inbox_messages WITH (UPDLOCK, HOLDLOCK)
                WHERE consumer = @Consumer AND message_id = @MessageId)
            """;
    }

    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        var consumer = ConsumerName(context);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; the inbox cannot deduplicate it.");
        var database = services.GetRequiredKeyedService<Database>(consumer);

        using var writeTurn = await database.TakeWriteTurnAsync(context.CancellationToken);
        await using var connection = await database.OpenAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var recorded = await connection.ExecuteAsync(
            database.Sql(SqliteSql.Record, SqlServerSql.Record),
            new
            {
                Consumer = consumer,
                MessageId = database.Provider == DatabaseProvider.Sqlite ? (object)messageId.ToString() : messageId,
                MessageType = typeof(TMessage).Name,
                ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            transaction);
        if (recorded == 0)
        {
            LogAlreadyHandled(consumer, typeof(TMessage).Name, messageId);
            MessagingMetrics.InboxDuplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
            return;
        }

        inboxTransaction.Begin(database, connection, transaction);
        await next.Send(context);
        await transaction.CommitAsync(context.CancellationToken);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

    private static string ConsumerName(ConsumeContext context) =>
        context.ReceiveContext.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last();

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox {Consumer}: {MessageType} {MessageId} was already handled; skipped")]
    private partial void LogAlreadyHandled(string consumer, string messageType, Guid messageId);
}
