using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// Every write of the outbox store waits for the database's write turn. Shown by holding the turn: a write that waits
/// for it can only end by being cancelled; one that skips it (SQLite runs inline) would simply complete.
/// </summary>
public sealed class WriteTurnTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;
    private OutboxStore store = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        host = await IngressTestHost.StartAsync(IngressTestHost.DefaultSettings(folder));
        store = host.Services.GetRequiredService<OutboxStore>();
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    public static IEnumerable<TestCaseData> Writes()
    {
        yield return Case("Reject", (s, t) => s.RejectAsync([1, 2, 3], "invalid", "{}", t));
        yield return Case("Claim", (s, t) => s.ClaimAsync("relay-x", 10, TimeSpan.FromMinutes(1), t));
        yield return Case("MarkPublished", (s, t) => s.MarkPublishedAsync("relay-x", [1L], t));
        yield return Case("Release", (s, t) => s.ReleaseAsync("relay-x", [1L], t));
        yield return Case("Park", (s, t) => s.ParkAsync(1, "why", t));
        yield return Case("SaveCheckpoint", (s, t) => s.SaveCheckpointAsync("write-turn-test", 1, t));
        yield return Case("Unpublish", (s, t) => s.UnpublishAfterAsync(long.MaxValue, t));
        yield return Case("ProbeWrite", (s, t) => s.ProbeWriteAsync(t));

        static TestCaseData Case(string name, Func<OutboxStore, CancellationToken, Task> write) => new TestCaseData(write).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Writes))]
    public async Task WhileTheWriteTurnIsHeld_TheWriteWaitsForIt(Func<OutboxStore, CancellationToken, Task> write)
    {
        using var cancel = new CancellationTokenSource();
        Task pending;
        using (await host.Database.TakeWriteTurnAsync())
        {
            pending = write(store, cancel.Token);
            await cancel.CancelAsync();
            Assert.That(async () => await pending, Throws.InstanceOf<OperationCanceledException>());
        }
    }
}
