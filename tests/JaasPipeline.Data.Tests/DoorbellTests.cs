namespace JaasPipeline.Data.Tests;

/// <summary>The one wake-up signal: a ring is never lost, and many rings wake the worker once.</summary>
public sealed class DoorbellTests
{
    [Test]
    public async Task RingBeforeTheWorkerWaits_WakesItAtOnce()
    {
        var doorbell = new Doorbell();
        doorbell.Ring();

        Assert.That(await doorbell.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task ManyRings_WakeTheWorkerOnce()
    {
        var doorbell = new Doorbell();
        for (var i = 0; i < 100; i++)
        {
            doorbell.Ring();
        }

        Assert.That(await doorbell.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None), Is.True);
        Assert.That(await doorbell.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None), Is.False, "the hundred rings were one wake-up");
    }

    [Test]
    public async Task RingWhileTheWorkerWaits_WakesIt()
    {
        var doorbell = new Doorbell();
        var waiting = doorbell.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        doorbell.Ring();

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task RingAfterAWakeUp_WakesTheWorkerAgain()
    {
        var doorbell = new Doorbell();
        doorbell.Ring();
        await doorbell.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        doorbell.Ring();

        Assert.That(await doorbell.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
    }
}
