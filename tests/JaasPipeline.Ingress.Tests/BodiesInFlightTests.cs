using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// Ingress:MaxBodyBytesInFlight bounds what stalled, unauthenticated bodies can hold (issue 21, M2): a delivery beyond
/// it is answered 503 with Retry-After before its body is read, and the budget is given back when the stalled ones end.
/// </summary>
public sealed class BodiesInFlightTests
{
    private const int BodyBytes = 4096;
    private const string InFlight = "jaas_deliveries_in_flight_bytes";
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:MaxBodyBytes"] = BodyBytes.ToString();
        // Room for four bodies of the largest size.
        settings["Ingress:MaxBodyBytesInFlight"] = (4 * BodyBytes).ToString();
        settings["Ingress:BodyReadTimeout"] = "00:00:05";
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task FifthStalledBody_Is503WithRetryAfterUnread_AndTheBudgetComesBack()
    {
        var before = await PrometheusScrape.ReadAsync(host.Client);
        var stalled = new List<StalledDelivery>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                stalled.Add(await StalledDelivery.SendAsync(host.Client.BaseAddress!, BodyBytes, new byte[BodyBytes - 96]));
            }

            await Eventually.WaitUntilAsync(
                async () => (await PrometheusScrape.ReadAsync(host.Client)).Value(InFlight) == 4 * BodyBytes,
                TimeSpan.FromSeconds(10), "the four stalled bodies hold the whole budget");

            // Not one byte of its body is sent: an answer that comes now was given without reading it.
            using (var fifth = await StalledDelivery.SendAsync(host.Client.BaseAddress!, BodyBytes, ReadOnlyMemory<byte>.Empty))
            {
                var answer = await fifth.ReadAnswerAsync(TimeSpan.FromSeconds(60));

                Assert.That(answer, Does.StartWith("HTTP/1.1 503"));
                Assert.That(Regex.Match(answer, @"Retry-After: (\d+)\r\n").Groups[1].Value, Is.EqualTo("10"),
                    "Retry-After: the body deadline plus the commit timeout, in seconds");
                Assert.That(answer, Does.Contain("Connection: close"));
                Assert.That(answer, Does.Contain("application/problem+json").And.Contain("Ingress:MaxBodyBytesInFlight"));
            }

            foreach (var delivery in stalled)
            {
                Assert.That(await delivery.ReadAnswerAsync(TimeSpan.FromSeconds(60)), Does.StartWith("HTTP/1.1 408"));
            }
        }
        finally
        {
            stalled.ForEach(delivery => delivery.Dispose());
        }

        var response = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined("after-the-stalled-ones"));

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var after = await PrometheusScrape.ReadAsync(host.Client);
        Assert.That(after.Delta(before, "jaas_deliveries_refused_total", "reason=\"busy\""), Is.EqualTo(1));
        Assert.That(after.Delta(before, "jaas_deliveries_refused_total", "reason=\"body_timeout\""), Is.EqualTo(4));
        Assert.That(after.Value(InFlight), Is.Zero, "every share is given back");
    }
}
