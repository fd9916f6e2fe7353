using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// Kestrel:Limits:* are read from configuration like any other setting (docs/security.md recommends
/// MaxConcurrentConnections for an ingress reachable from the internet): a connection beyond the limit is closed unanswered.
/// </summary>
public sealed class KestrelLimitsTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Kestrel:Limits:MaxConcurrentConnections"] = "1";
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task ConnectionBeyondMaxConcurrentConnections_IsClosedUnanswered()
    {
        using var first = await StalledDelivery.SendAsync(host.Client.BaseAddress!, 1000, new byte[10]);
        using var second = await StalledDelivery.SendAsync(host.Client.BaseAddress!, 1000, new byte[10]);

        Assert.That(await second.ReadAnswerAsync(TimeSpan.FromSeconds(30)), Is.Empty, "Kestrel closes it before reading a request");
    }
}
