using System.Threading.Channels;

namespace JaasPipeline.Data;

/// <summary>
/// Group commit for a database with one writer at a time (SQLite): callers hand their item to one writer, which takes
/// whatever has queued up (at most <c>maxGroup</c> items) and commits it in one transaction, then answers each caller.
/// Thousands of small transactions a second become a few hundred larger ones, and no caller waits for more than the
/// commit in progress and its own. The owner starts and stops it: stopping lets the group in progress finish and
/// cancels what is still queued (nobody was answered for those, so the sender tries again).
/// </summary>
/// <remarks>
/// <c>commitGroup</c> answers every entry of its group (<see cref="GroupCommitEntry{TItem, TResult}.Complete"/> or
/// <see cref="GroupCommitEntry{TItem, TResult}.Fail"/>); if it throws, every entry it left unanswered fails with that exception.
/// </remarks>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<GroupCommitEntry<TItem, TResult>>, Task> commitGroup;
    private readonly int maxGroup;
    private readonly Channel<GroupCommitEntry<TItem, TResult>> queue;
    private readonly CancellationTokenSource stopping = new();
    private Task writer = Task.CompletedTask;

    /// <param name="commitGroup">Commits one group and answers each of its entries.</param>
    /// <param name="maxGroup">The most items one transaction takes.</param>
    /// <param name="capacity">The most items that may wait; a caller beyond it waits for room.</param>
    public GroupCommit(Func<IReadOnlyList<GroupCommitEntry<TItem, TResult>>, Task> commitGroup, int maxGroup, int capacity = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        this.commitGroup = commitGroup;
        this.maxGroup = maxGroup;
        queue = capacity == int.MaxValue
            ? Channel.CreateUnbounded<GroupCommitEntry<TItem, TResult>>(new UnboundedChannelOptions { SingleReader = true })
            : Channel.CreateBounded<GroupCommitEntry<TItem, TResult>>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Starts the writer. Not in the caller's execution context: the first caller's trace and log scopes are not the writer's.</summary>
    public GroupCommit<TItem, TResult> Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            writer = Task.Run(WriteAsync);
        }

        return this;
    }

    /// <summary>Queues <paramref name="item"/> for the next group; the task completes once that group has committed.</summary>
    /// <exception cref="OperationCanceledException">The group commit is stopping or stopped.</exception>
    public Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var entry = new GroupCommitEntry<TItem, TResult>(item);
        // The caller awaits the entry itself when there is room: no second task per item on the intake's path.
        return queue.Writer.TryWrite(entry) ? entry.Outcome : WaitForRoomAsync(entry, cancellationToken);
    }

    /// <summary>Lets the group in progress finish, then cancels every entry still queued.</summary>
    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await writer;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
    }

    private async Task<TResult> WaitForRoomAsync(GroupCommitEntry<TItem, TResult> entry, CancellationToken cancellationToken)
    {
        try
        {
            await queue.Writer.WriteAsync(entry, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new OperationCanceledException("The group commit has stopped.");
        }

        return await entry.Outcome;
    }

    private async Task WriteAsync()
    {
        var group = new List<GroupCommitEntry<TItem, TResult>>(maxGroup);
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping.Token))
            {
                group.Clear();
                while (group.Count < maxGroup && reader.TryRead(out var entry))
                {
                    group.Add(entry);
                }

                try
                {
                    await commitGroup(group);
                }
                catch (Exception exception)
                {
                    foreach (var entry in group)
                    {
                        entry.Fail(exception);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: closed first, so that nothing can be queued after the entries below are cancelled.
        }

        queue.Writer.TryComplete();
        while (reader.TryRead(out var left))
        {
            left.Cancel();
        }
    }
}
