using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using JaasPipeline.Data;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Messaging;

/// <summary>
/// Group commit for a SQLite consumer database. SQLite has one writer at a time, so messages consumed concurrently
/// would only queue for the write turn and commit one by one. Instead, whatever messages are waiting run one after the
/// other in one transaction, each inside its own savepoint — its inbox row and its effect — and the transaction
/// commits once. A message whose consumer throws rolls back to its savepoint only; the others still commit.
/// Each message is answered only after the commit, so MassTransit acknowledges nothing that is not durable.
/// </summary>
public sealed partial class InboxCommitGroup
{
    private const string Savepoint = "inbox_message";

    private readonly Channel<Pending> waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public InboxCommitGroup(Database database, int maxMessages, ILogger logger)
    {
        // The one writer of this database's groups; it waits on the channel for as long as the process lives. Started
        // without the creating message's execution context: that message's activity and log scopes are not the writer's.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => WriteAsync(database, maxMessages, logger));
        }
    }

    /// <summary>
    /// Runs <paramref name="handle"/> (inbox row, then the consumer) in the next group transaction and completes once
    /// that transaction has committed: true if the message was handled, false if the inbox already had it.
    /// </summary>
    public Task<bool> RunAsync(Func<DbConnection, DbTransaction, Task<bool>> handle)
    {
        // The consume's own context (its activity, MassTransit's log context, the log scopes) goes with it, so the
        // consumer's code and log lines belong to its message's trace, not to whichever message the writer saw first.
        var pending = new Pending(
            handle, ExecutionContext.Capture(), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        waiting.Writer.TryWrite(pending);
        return pending.Outcome.Task;
    }

    private async Task WriteAsync(Database owner, int limit, ILogger log)
    {
        var group = new List<Pending>(limit);
        while (await waiting.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < limit && waiting.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            await CommitAsync(owner, group, log);
        }
    }

    private static async Task CommitAsync(Database owner, List<Pending> group, ILogger log)
    {
        var done = new List<(Pending Pending, bool Handled)>(group.Count);
        List<Activity>? commits = null;
        try
        {
            using var writeTurn = await owner.TakeWriteTurnAsync();
            await using var connection = await owner.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var pending in group)
            {
                await transaction.SaveAsync(Savepoint);
                try
                {
                    done.Add((pending, await HandleInItsContextAsync(pending, connection, transaction)));
                    await transaction.ReleaseAsync(Savepoint);
                }
                catch (Exception exception)
                {
                    // Only this message's inbox row and effect go; MassTransit retries it in a later group.
                    await transaction.RollbackAsync(Savepoint);
                    await transaction.ReleaseAsync(Savepoint);
                    pending.Outcome.TrySetException(exception);
                }
            }

            commits = StartCommitSpans(done, owner.Name, group.Count);
            await transaction.CommitAsync();
            StopCommitSpans(commits, null);
        }
        catch (Exception exception)
        {
            StopCommitSpans(commits, exception);
            LogGroupFailed(log, exception, group.Count, owner.Name);
            foreach (var pending in group)
            {
                pending.Outcome.TrySetException(exception);
            }

            return;
        }

        foreach (var (pending, handled) in done)
        {
            pending.Outcome.TrySetResult(handled);
        }
    }

    private static Task<bool> HandleInItsContextAsync(Pending pending, DbConnection connection, DbTransaction transaction)
    {
        if (pending.Context is null)
        {
            return pending.Handle(connection, transaction);
        }

        Task<bool>? handled = null;
        ExecutionContext.Run(pending.Context, _ => handled = pending.Handle(connection, transaction), null);
        return handled!;
    }

    // One commit span per traced message, each the child of its own consume activity: the group's one commit ends
    // every one of their traces. Null (nothing allocated) while no tracer listens.
    private static List<Activity>? StartCommitSpans(List<(Pending Pending, bool Handled)> done, string database, int groupSize)
    {
        List<Activity>? spans = null;
        foreach (var (pending, handled) in done)
        {
            if (handled && pending.Activity is { } consume &&
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

    private sealed record Pending(Func<DbConnection, DbTransaction, Task<bool>> Handle, ExecutionContext? Context, TaskCompletionSource<bool> Outcome)
    {
        /// <summary>The consume activity of the message (MassTransit's), if it is traced.</summary>
        public Activity? Activity { get; } = Activity.Current;
    }
}

/// <summary>One <see cref="InboxCommitGroup"/> per SQLite consumer database of the process.</summary>
public sealed class InboxCommitGroups(Microsoft.Extensions.Options.IOptions<MessagingOptions> options, ILoggerFactory loggers)
{
    // Lazy: GetOrAdd may run its factory twice in a race, and each group starts a writer.
    private readonly ConcurrentDictionary<string, Lazy<InboxCommitGroup>> groups = new(StringComparer.Ordinal);

    public InboxCommitGroup For(Database database) => groups.GetOrAdd(
        database.Name,
        _ => new Lazy<InboxCommitGroup>(() => new InboxCommitGroup(database, options.Value.InboxMaxGroup, loggers.CreateLogger<InboxCommitGroup>()))).Value;
}
