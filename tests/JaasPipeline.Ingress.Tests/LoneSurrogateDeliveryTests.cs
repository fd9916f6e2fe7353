using System.Net;
using System.Text;
using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>A signed body with an escaped lone surrogate is accepted, kept byte for byte, and published.</summary>
public sealed class LoneSurrogateDeliveryTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        host = await IngressTestHost.StartAsync(IngressTestHost.DefaultSettings(folder));
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [TestCase("name")]
    [TestCase("sessionId")]
    [TestCase("fqn")]
    [TestCase("customerId")]
    [TestCase("idempotencyKey")]
    public async Task LoneSurrogate_IsAcceptedKeptByteForByteAndPublished(string where)
    {
        var key = Guid.NewGuid().ToString();
        var body = Deliveries.ParticipantJoined(key);
        body = where switch
        {
            "name" => body.Replace("John Doe", "J\\ud800o", StringComparison.Ordinal),
            "sessionId" => body.Replace("session-1", "s\\udc00", StringComparison.Ordinal),
            "fqn" => body.Replace("c1/room", "c1/r\\ud83doom", StringComparison.Ordinal),
            "customerId" => body.Replace("\"c1\"", "\"c\\ud800\"", StringComparison.Ordinal),
            _ => body.Replace(key, key + "\\ud800", StringComparison.Ordinal),
        };
        // An identity keeps what was sent: U+FFFD and the lone surrogate's hex digits (LoneSurrogates.DistinctText).
        var storedKey = where == "idempotencyKey" ? key + "\uFFFDd800" : key;

        var response = await host.Client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var stored = await host.QueryAsync<byte[]>("SELECT body FROM outbox_deliveries WHERE idempotency_key = @storedKey", new { storedKey });
        Assert.That(stored.Single(), Is.EqualTo(Encoding.UTF8.GetBytes(body)));
        // The relay parses the row again and publishes the typed record: it must not park it.
        await Eventually.WaitUntilAsync(
            async () => (await host.QueryAsync<long>(
                "SELECT COUNT(*) FROM outbox_deliveries WHERE idempotency_key = @storedKey AND published_at IS NOT NULL AND parked_reason IS NULL",
                new { storedKey })).Single() == 1,
            TimeSpan.FromSeconds(20), "the relay has published the delivery");
    }

    [Test]
    public async Task KeysDifferingOnlyInTheirLoneSurrogate_AreTwoDeliveriesBothPublished()
    {
        var key = Guid.NewGuid().ToString();
        var first = Deliveries.ParticipantJoined(key).Replace(key, key + "\\ud800", StringComparison.Ordinal);
        var second = Deliveries.ParticipantJoined(key).Replace(key, key + "\\udbff", StringComparison.Ordinal);

        var answers = new[] { await host.Client.PostSignedAsync(first), await host.Client.PostSignedAsync(second) };

        Assert.That(answers.Select(answer => answer.StatusCode), Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK }));
        await Eventually.WaitUntilAsync(
            async () => (await host.QueryAsync<long>(
                "SELECT COUNT(*) FROM outbox_deliveries WHERE idempotency_key LIKE @prefix AND published_at IS NOT NULL AND parked_reason IS NULL",
                new { prefix = key + "%" })).Single() == 2,
            TimeSpan.FromSeconds(20), "the relay has published both deliveries");
    }
}
