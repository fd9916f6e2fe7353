using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// Many near-MaxBodyBytes bodies that stall hold at most Ingress:MaxBodyBytesInFlight, and nothing once they end (issue
/// 21, M2: 1,000 such connections held 1.05 GB, and 1.32 GB after they closed). Memory is measured as the live heap
/// after a full collection (the ingress runs in this process), against the heap before.
/// </summary>
public sealed class DeliveryBodyMemoryTests
{
    private const int Connections = 64;
    private const int DeclaredBytes = 1_048_000;
    private const int SentBytes = 1_047_990;
    private const long BudgetBytes = 8L * 1024 * 1024;

    /// <summary>
    /// The stated bound while they stall: the budget (each admitted body is one array of its Content-Length), plus the
    /// blocks Kestrel read the refused connections' bytes into before it closed them (they stay in its pool, reused).
    /// </summary>
    private const long HeldBound = BudgetBytes + 12L * 1024 * 1024;

    /// <summary>The stated bound once every connection has ended and Kestrel's pool has let go of idle blocks.</summary>
    private const long AfterBound = 1L * 1024 * 1024;

    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:MaxBodyBytesInFlight"] = BudgetBytes.ToString();
        // Long enough that the admitted bodies are still held while the heap is measured.
        settings["Ingress:BodyReadTimeout"] = "00:02:00";
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task SixtyFourStalledMegabyteBodies_HoldTheBudgetAtMost_AndNothingOnceClosed()
    {
        // Once, so that what the first delivery costs (JIT, the database, the pools' first blocks) is in the baseline.
        Assert.That((int)(await host.Client.PostSignedAsync(Deliveries.ParticipantJoined("warm-up"))).StatusCode, Is.EqualTo(200));
        var part = new byte[SentBytes];
        var before = await PrometheusScrape.ReadAsync(host.Client);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var stalled = new List<StalledDelivery>();
        long heapHeld;
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                stalled.Add(await StalledDelivery.SendAsync(host.Client.BaseAddress!, DeclaredBytes, part));
            }

            var admitted = (int)(BudgetBytes / DeclaredBytes);
            await Eventually.WaitUntilAsync(
                async () => (await PrometheusScrape.ReadAsync(host.Client)).Delta(before, "jaas_deliveries_refused_total", "reason=\"busy\"") == Connections - admitted,
                TimeSpan.FromSeconds(60), $"{Connections - admitted} deliveries beyond the budget are refused");
            heapHeld = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            TestContext.Out.WriteLine($"{stalled.Count(d => d.SentAll)} of {Connections} sent {SentBytes} bytes each; live heap +{heapHeld / 1024.0 / 1024:F1} MB while they stall");
        }
        finally
        {
            stalled.ForEach(delivery => delivery.Dispose());
        }

        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(host.Client)).Value("jaas_deliveries_in_flight_bytes") == 0,
            TimeSpan.FromSeconds(60), "the closed connections give their shares back");
        Assert.That(heapHeld, Is.LessThan(HeldBound), "live heap growth while 64 bodies of 1 MB stall");

        // Kestrel keeps the blocks it read the refused bodies into, and gives idle ones back every 10 s (.NET 10).
        var heapAfter = long.MaxValue;
        var closedAt = DateTime.UtcNow;
        await Eventually.WaitUntilAsync(
            () => (heapAfter = GC.GetTotalMemory(forceFullCollection: true) - heapBefore) < AfterBound,
            TimeSpan.FromSeconds(120), $"the live heap is back within {AfterBound} bytes of where it was (last: +{heapAfter} bytes)");
        TestContext.Out.WriteLine($"live heap +{heapAfter / 1024.0 / 1024:F1} MB {(DateTime.UtcNow - closedAt).TotalSeconds:F0} s after they closed");
    }
}
