namespace JaasPipeline.Data.Tests;

/// <summary>
/// The one group-commit mechanism (the outbox's writer and the inboxes' groups run on it): what queues up while a
/// group commits goes together in the next one, a group that throws fails only what it left unanswered, and stopping
/// finishes the group in progress and cancels the rest.
/// </summary>
public sealed class GroupCommitTests
{
    [Test]
    public async Task ItemsQueuedWhileAGroupCommits_GoTogetherInTheNext()
    {
        var groups = new List<int[]>();
        var firstGroupHeld = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var commits = new GroupCommit<int, int>(async group =>
        {
            groups.Add([.. group.Select(entry => entry.Item)]);
            if (groups.Count == 1)
            {
                firstGroupHeld.SetResult();
                await release.Task;
            }

            foreach (var entry in group)
            {
                entry.Complete(entry.Item * 10);
            }
        }, maxGroup: 3).Start();

        var first = commits.SubmitAsync(1, CancellationToken.None);
        await firstGroupHeld.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = Enumerable.Range(2, 4).Select(item => commits.SubmitAsync(item, CancellationToken.None)).ToArray();
        release.SetResult();

        Assert.That(await Task.WhenAll([first, .. waiting]).WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(new[] { 10, 20, 30, 40, 50 }));
        Assert.That(groups, Is.EqualTo(new[] { new[] { 1 }, [2, 3, 4], [5] }), "at most maxGroup items per group, in the order they came");
    }

    [Test]
    public async Task GroupThatThrows_FailsOnlyWhatItLeftUnanswered()
    {
        var firstGroupHeld = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var commits = new GroupCommit<string, string>(async group =>
        {
            if (group[0].Item == "hold")
            {
                // Holds the writer, so that the next two queue up and are taken together.
                firstGroupHeld.SetResult();
                await release.Task;
                group[0].Complete("held");
                return;
            }

            group[0].Complete("answered before the failure");
            throw new InvalidOperationException("the commit failed");
        }, maxGroup: 10).Start();

        var held = commits.SubmitAsync("hold", CancellationToken.None);
        await firstGroupHeld.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var answered = commits.SubmitAsync("a", CancellationToken.None);
        var unanswered = commits.SubmitAsync("b", CancellationToken.None);
        release.SetResult();

        Assert.That(await held.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("held"));
        Assert.That(await answered.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("answered before the failure"));
        Assert.That(async () => await unanswered.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InvalidOperationException.With.Message.EqualTo("the commit failed"));
    }

    [Test]
    public async Task Stopping_FinishesTheGroupInProgressAndCancelsTheQueuedOnes()
    {
        var inProgress = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var commits = new GroupCommit<int, int>(async group =>
        {
            inProgress.TrySetResult();
            await release.Task;
            foreach (var entry in group)
            {
                entry.Complete(entry.Item);
            }
        }, maxGroup: 1).Start();

        var committing = commits.SubmitAsync(1, CancellationToken.None);
        await inProgress.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = commits.SubmitAsync(2, CancellationToken.None);
        var stopped = commits.StopAsync();
        release.SetResult();
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(await committing, Is.EqualTo(1));
        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await commits.SubmitAsync(3, CancellationToken.None), Throws.InstanceOf<OperationCanceledException>(), "nothing is taken once stopped");
        await commits.DisposeAsync();
    }
}
