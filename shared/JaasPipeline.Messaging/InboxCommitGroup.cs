using System.Data;
using System.Data.Common;
using System.Diagnostics;
using JaasPipeline.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Messaging;

/// <summary>
/// Group commit for a SQLite consumer database. SQLite has one writer at a time, so messages consumed concurrently
/// would only queue for the write turn and commit one by one. Instead, whatever messages are waiting run one after the
/// other in one transaction, each inside its own savepoint — its inbox row and its effect — and the transaction
/// commits once. A message whose consumer throws rolls back to its savepoint only; the others still commit.
/// Each message is answered only after the commit, so MassTransit acknowledges nothing that is not durable.
/// </summary>
/// <remarks>
/// The writer keeps one connection open for its lifetime, with its own statements (savepoints, the inbox row)
/// prepared once: compiling them again for every message cost more than running them. A group that fails drops the
/// connection; the next one opens a fresh one.
/// </remarks>
public sealed partial class InboxCommitGroup : IAsyncDisposable
{
    // SQL Server takes no group: see InboxFilter's SqlServerSql.Record.
    private static class SqliteSql
    {
        public const string Record = """
            INSERT INTO inbox_messages (consumer, message_id, message_type, received_at)
            VALUES (@Consumer, @MessageId, @MessageType, @ReceivedAt)
            ON CONFLICT (consumer, message_id) DO NOTHING
            """;

        public const string Savepoint = "SAVEPOINT inbox_message";
        public const string Release = "RELEASE inbox_message";
        public const string Rollback = "ROLLBACK TO inbox_message; RELEASE inbox_message";
    }

    private readonly Database database;
    private readonly ILogger logger;
    private readonly GroupCommit<InboxMessage, bool> commits;
    private WriterConnection? writer;

    public InboxCommitGroup(Database database, int maxMessages, ILogger logger)
    {
        this.database = database;
        this.logger = logger;
        commits = new GroupCommit<InboxMessage, bool>(CommitAsync, maxMessages).Start();
    }

    /// <summary>
    /// Records the message in the inbox and, if it is new, runs <paramref name="consume"/>, both in the next group
    /// transaction; completes once that transaction has committed: true if the message was handled, false if the
    /// inbox already had it.
    /// </summary>
    public Task<bool> RunAsync(string consumer, Guid messageId, string messageType, Func<DbConnection, DbTransaction, Task> consume) =>
        // The consume's own context (its activity, MassTransit's log context, the log scopes) goes with it, so the
        // consumer's code and log lines belong to its message's trace, not to whichever message the writer saw first.
        commits.SubmitAsync(new InboxMessage(consumer, messageId, messageType, consume, ExecutionContext.Capture()), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await commits.DisposeAsync();
        writer?.Dispose();
        writer = null;
    }

    private async Task CommitAsync(IReadOnlyList<GroupCommitEntry<InboxMessage, bool>> group)
    {
        var done = new List<(GroupCommitEntry<InboxMessage, bool> Entry, bool Handled)>(group.Count);
        List<Activity>? commitSpans = null;
        try
        {
            using var writeTurn = await database.TakeWriteTurnAsync();
            var statements = writer ??= await WriterConnection.OpenAsync(database);
            await using var transaction = statements.Connection.BeginTransaction();
            statements.Enlist(transaction);
            foreach (var entry in group)
            {
                statements.Savepoint.ExecuteNonQuery();
                try
                {
                    done.Add((entry, await RecordThenConsumeAsync(entry.Item, statements, transaction)));
                    statements.Release.ExecuteNonQuery();
                }
                catch (Exception exception)
                {
                    // Only this message's inbox row and effect go; MassTransit retries it in a later group.
                    statements.Rollback.ExecuteNonQuery();
                    entry.Fail(exception);
                }
            }

            commitSpans = StartCommitSpans(done, database.Name, group.Count);
            transaction.Commit();
            StopCommitSpans(commitSpans, null);
        }
        catch (Exception exception)
        {
            StopCommitSpans(commitSpans, exception);
            LogGroupFailed(logger, exception, group.Count, database.Name);
            writer?.Dispose();
            writer = null;
            foreach (var entry in group)
            {
                entry.Fail(exception);
            }

            return;
        }

        foreach (var (entry, handled) in done)
        {
            entry.Complete(handled);
        }
    }

    private static async Task<bool> RecordThenConsumeAsync(InboxMessage message, WriterConnection statements, SqliteTransaction transaction)
    {
        var record = statements.Record;
        record.Parameters[0].Value = message.Consumer;
        record.Parameters[1].Value = message.MessageId.ToString();
        record.Parameters[2].Value = message.MessageType;
        record.Parameters[3].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (record.ExecuteNonQuery() == 0)
        {
            return false;
        }

        if (message.Context is null)
        {
            await message.Consume(statements.Connection, transaction);
            return true;
        }

        Task? consumed = null;
        ExecutionContext.Run(message.Context, _ => consumed = message.Consume(statements.Connection, transaction), null);
        await consumed!;
        return true;
    }

    // One commit span per traced message, each the child of its own consume activity: the group's one commit ends
    // every one of their traces. Null (nothing allocated) while no tracer listens.
    private static List<Activity>? StartCommitSpans(List<(GroupCommitEntry<InboxMessage, bool> Entry, bool Handled)> done, string database, int groupSize)
    {
        List<Activity>? spans = null;
        foreach (var (entry, handled) in done)
        {
            if (handled && entry.Item.Activity is { } consume &&
                MessagingTracing.StartInboxCommit(consume, database, groupSize) is { } span)
            {
                (spans ??= []).Add(span);
            }
        }

        return spans;
    }

    private static void StopCommitSpans(List<Activity>? spans, Exception? failure)
    {
        if (spans is null)
        {
            return;
        }

        foreach (var span in spans)
        {
            if (failure is not null)
            {
                span.AddException(failure);
                span.SetStatus(ActivityStatusCode.Error, failure.Message);
            }

            span.Stop();
        }

        spans.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox group of {Count} messages in {Database} did not commit; each is retried")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count, string database);

    private sealed record InboxMessage(string Consumer, Guid MessageId, string MessageType, Func<DbConnection, DbTransaction, Task> Consume, ExecutionContext? Context)
    {
        /// <summary>The consume activity of the message (MassTransit's), if it is traced.</summary>
        public Activity? Activity { get; } = Activity.Current;
    }

    // The writer's connection and its statements, prepared once.
    private sealed class WriterConnection(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public SqliteCommand Savepoint { get; } = Prepare(connection, SqliteSql.Savepoint);

        public SqliteCommand Release { get; } = Prepare(connection, SqliteSql.Release);

        public SqliteCommand Rollback { get; } = Prepare(connection, SqliteSql.Rollback);

        public SqliteCommand Record { get; } = Prepare(connection, SqliteSql.Record, "@Consumer", "@MessageId", "@MessageType", "@ReceivedAt");

        public static async Task<WriterConnection> OpenAsync(Database database) =>
            new((SqliteConnection)await database.OpenAsync());

        public void Enlist(SqliteTransaction transaction)
        {
            Savepoint.Transaction = transaction;
            Release.Transaction = transaction;
            Rollback.Transaction = transaction;
            Record.Transaction = transaction;
        }

        public void Dispose()
        {
            Savepoint.Dispose();
            Release.Dispose();
            Rollback.Dispose();
            Record.Dispose();
            Connection.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }
}
