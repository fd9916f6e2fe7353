using System.Net.Http.Headers;
using System.Text;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;

namespace JaasPipeline.Compose.Tests;

/// <summary>
/// The dashboard's series against a running host's <c>/metrics</c>: the Standalone (every module in one process) after
/// the traffic that makes each series appear. Only what needs RabbitMQ is left to the catalog (RabbitMQ's own
/// series, <c>jaas_error_queue_messages</c>).
/// </summary>
public sealed class LiveMetricsTests
{
    private const string Secret = "whsec_compose_live_metrics_00000000";

    /// <summary>
    /// Series this run cannot make appear: RabbitMQ only, or faults (a consumer that throws, a broker that refuses, a row
    /// that no longer parses). The catalog test covers their names.
    /// </summary>
    private static readonly string[] NotProducedHere =
    [
        "jaas_error_queue_messages", "messaging_masstransit_consume_errors_ea_total", "jaas_outbox_publish_failures_total", "jaas_outbox_parked_total",
    ];

    private TempFolder folder = null!;
    private ServiceProcess host = null!;

    [OneTimeSetUp]
    public async Task StartStandaloneWithTraffic()
    {
        folder = new TempFolder("compose-metrics");
        var settings = new Dictionary<string, string>
        {
            ["Ingress__WebhookSecrets__0"] = Secret,
            // A link to a loopback port nothing listens on: the download stays pending (retried), so the expiry gauge shows.
            ["MediaArtifacts__AllowedHosts__0"] = "127.0.0.1",
            ["MediaArtifacts__RequireHttps"] = "false",
        };
        host = await ServiceProcess.StartAsync(ServiceProcess.HostDll("services/Standalone", "JaasPipeline.Standalone"), folder.Path, settings);

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var joined = $$$"""{"idempotencyKey":"live-1","customerId":"c1","eventType":"PARTICIPANT_JOINED","sessionId":"s1","timestamp":{{{now}}},"fqn":"vpaas-magic-cookie-c1/live","data":{"name":"Jo","moderator":"true","participantId":"p1","participantJid":"p1@8x8.vc"}}""";
        await SignedDelivery.DeliverAsync(host.Client, Secret, joined);
        await SignedDelivery.DeliverAsync(host.Client, Secret, joined);
        // The same idempotency key with another body: a conflict.
        (await SignedDelivery.PostAsync(host.Client, Secret, joined.Replace("\"Jo\"", "\"Jo B.\"", StringComparison.Ordinal))).Dispose();
        await SignedDelivery.DeliverAsync(host.Client, Secret,
            $$$"""{"idempotencyKey":"live-2","customerId":"c1","eventType":"RECORDING_UPLOADED","sessionId":"s1","timestamp":{{{now}}},"fqn":"vpaas-magic-cookie-c1/live","data":{"participants":[],"preAuthenticatedLink":"http://127.0.0.1:1/recording.mp4","linkExpiration":{{{now + 3_600_000}}},"durationSec":10,"initiatorId":"p1","startTimestamp":{{{now}}},"endTimestamp":{{{now}}}}}""");
        using (var refused = await SignedDelivery.PostAsync(host.Client, "whsec_not_the_secret_000000000000", """{"idempotencyKey":"live-3"}"""))
        {
            Assert.That((int)refused.StatusCode, Is.EqualTo(401));
        }

        var body = Encoding.UTF8.GetBytes("""{"fqn":"vpaas-magic-cookie-c1/live"}""");
        using var settingsCall = new HttpRequestMessage(HttpMethod.Post, SettingsProvisioningApi.Route) { Content = new ByteArrayContent(body) };
        settingsCall.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        settingsCall.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        (await host.Client.SendAsync(settingsCall)).Dispose();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task EveryDashboardSeriesThatNeedsNoBroker_IsOnTheMetricsOfARunningHost()
    {
        var expected = DashboardTests.Queries().SelectMany(DashboardTests.MetricNames)
            .Where(name => !DashboardTests.RabbitMqSeries.Contains(name) && !NotProducedHere.Contains(name))
            .ToHashSet(StringComparer.Ordinal);
        Assert.That(expected, Has.Count.GreaterThan(8));
        IEnumerable<string> missing = expected;

        // The consumers and the download worker run a moment after the 200s.
        try
        {
            await Eventually.WaitUntilAsync(async () =>
            {
                var scrape = await PrometheusScrape.ReadAsync(host.Client);
                missing = expected.Where(name => !scrape.Has(name)).ToList();
                return !missing.Any();
            }, TimeSpan.FromSeconds(60), "every series of the dashboard is on /metrics");
        }
        finally
        {
            // Names what was still missing when the wait gave up.
            Assert.That(missing, Is.Empty, "series of the dashboard not on /metrics");
        }
    }

    [Test]
    public async Task EverySeriesOfARunningHost_IsInTheCatalogTheDashboardIsCheckedAgainst()
    {
        // The catalog derives names from the meters with the exporter's naming rules: this holds it to the real exporter.
        var catalog = MetricCatalog.JaasSeries().Concat(MetricCatalog.MassTransitSeries()).ToHashSet(StringComparer.Ordinal);
        await Eventually.WaitUntilAsync(async () => (await PrometheusScrape.ReadAsync(host.Client)).Has("messaging_masstransit_consume_ea_total"),
            TimeSpan.FromSeconds(60), "the consumers' series on /metrics");

        var text = await host.Client.GetStringAsync("/metrics");
        var live = text.Split('\n')
            .Where(line => line.StartsWith("jaas_", StringComparison.Ordinal) || line.StartsWith("messaging_masstransit_", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(live, Has.Count.GreaterThan(10));
        Assert.That(live.Except(catalog), Is.Empty);
    }
}
