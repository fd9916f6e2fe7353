namespace JaasPipeline.Data;

/// <summary>One caller's item in a <see cref="GroupCommit{TItem, TResult}"/> and the answer it waits for.</summary>
public sealed class GroupCommitEntry<TItem, TResult>(TItem item)
{
    // Asynchronous continuations: the writer answers a whole group and must not run each caller's rest of request first.
    private readonly TaskCompletionSource<TResult> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TItem Item { get; } = item;

    public Task<TResult> Outcome => outcome.Task;

    public void Complete(TResult result) => outcome.TrySetResult(result);

    public void Fail(Exception exception) => outcome.TrySetException(exception);

    internal void Cancel() => outcome.TrySetCanceled();
}
