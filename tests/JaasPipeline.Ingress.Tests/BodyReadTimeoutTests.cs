using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// A body that arrives in a burst and then stops is answered 408 at Ingress:BodyReadTimeout (issue 21, M2). Kestrel's
/// minimum data rate (240 B/s, its default) stays on, but it is an average: the burst sent here would keep the request
/// open under it alone for about seven minutes.
/// </summary>
public sealed class BodyReadTimeoutTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:BodyReadTimeout"] = "00:00:01";
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task BurstThenSilence_Is408AtTheBodyDeadlineAndCounted()
    {
        var before = await PrometheusScrape.ReadAsync(host.Client);

        // 100,000 of 200,000 bytes: at 240 B/s on average Kestrel would wait 416 s for the rest.
        using var delivery = await StalledDelivery.SendAsync(host.Client.BaseAddress!, 200_000, new byte[100_000]);
        var answer = await delivery.ReadAnswerAsync(TimeSpan.FromSeconds(60));

        Assert.That(delivery.SentAll, Is.True);
        Assert.That(answer, Does.StartWith("HTTP/1.1 408"));
        Assert.That(answer, Does.Contain("Connection: close"), "the rest of the body is not read");
        Assert.That(answer, Does.Contain("application/problem+json").And.Contain("Ingress:BodyReadTimeout"));
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(host.Client)).Delta(before, "jaas_deliveries_refused_total", "reason=\"body_timeout\"") == 1,
            TimeSpan.FromSeconds(10), "the stalled body is counted as body_timeout");
    }

    [Test]
    public async Task DeliveryWithinTheDeadline_IsAccepted()
    {
        var response = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined("within-deadline"));

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }
}
