using System.Data.Common;
using Dapper;
using JaasPipeline.Data;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Messaging;

/// <summary>
/// Exactly-once effect per consumer under redelivery, republish and competing instances: records
/// (consumer, message id) in the consumer's own database transaction and skips a message that consumer already handled.
/// It sits in the pipe of one consumer and one message type (see <see cref="InboxConsumerObserver"/>), so two
/// consumers sharing a queue and a message each get their own record: neither can make the other skip.
/// </summary>
public sealed partial class InboxFilter<TConsumer, TMessage>(string queue) : IFilter<ConsumerConsumeContext<TConsumer, TMessage>>
    where TConsumer : class
    where TMessage : class
{
    /// <summary>The inbox key of this consumer: its class name (renaming the class starts a new inbox).</summary>
    public static readonly string Consumer = typeof(TConsumer).Name;

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

    public async Task Send(ConsumerConsumeContext<TConsumer, TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; the inbox cannot deduplicate it.");
        // The consumer's own scope: the consumer was created from it, so it holds the same InboxTransaction.
        var services = context.GetPayload<IServiceScope>().ServiceProvider;
        var database = services.GetRequiredKeyedService<Database>(queue);

        Task ConsumeAsync(DbConnection connection, DbTransaction transaction)
        {
            services.GetRequiredService<InboxTransaction>().Begin(database, connection, transaction);
            return next.Send(context);
        }

        // SQLite has one writer: concurrent messages share one transaction (a savepoint each) instead of queueing for
        // the file. SQL Server takes them concurrently, each in its own transaction.
        var handled = database.Provider == DatabaseProvider.Sqlite
            ? await services.GetRequiredService<InboxCommitGroups>().For(database).RunAsync(Consumer, messageId, typeof(TMessage).Name, ConsumeAsync)
            : await InOwnTransactionAsync(database, messageId, ConsumeAsync, context.CancellationToken);
        if (!handled)
        {
            LogAlreadyHandled(services.GetRequiredService<ILogger<InboxFilter<TConsumer, TMessage>>>(), Consumer, typeof(TMessage).Name, messageId);
            services.GetRequiredService<MessagingMetrics>().InboxDuplicates.Add(1, new KeyValuePair<string, object?>("consumer", Consumer));
        }
    }

    private static async Task<bool> InOwnTransactionAsync(
        Database database, Guid messageId, Func<DbConnection, DbTransaction, Task> consume, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await connection.ExecuteAsync(
            SqlServerSql.Record,
            new { Consumer, MessageId = messageId, MessageType = typeof(TMessage).Name, ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
            transaction);
        if (recorded == 0)
        {
            return false;
        }

        await consume(connection, transaction);
        // The consume activity (MassTransit's) is current here: the commit span is its child.
        using var commit = MessagingTracing.StartInboxCommit(System.Diagnostics.Activity.Current, database.Name, 1);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox").Add("consumer", Consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox of {Consumer}: {MessageType} {MessageId} was already handled; skipped")]
    private static partial void LogAlreadyHandled(ILogger logger, string consumer, string messageType, Guid messageId);
}
