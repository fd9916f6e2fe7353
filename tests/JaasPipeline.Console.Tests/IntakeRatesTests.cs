using JaasPipeline.Console.Overview;
using JaasPipeline.Testing;

namespace JaasPipeline.Console.Tests;

/// <summary>The overview's intake and refusal rates: the window arithmetic on its own, then the page over HTTP.</summary>
public sealed class IntakeRatesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void OneSample_GivesNoReport_AndTwoGiveTheRiseAndItsRatePerMinute()
    {
        var rates = new IntakeRates();
        rates.Add(Noon, [Accepted(100)]);
        Assert.That(rates.Report(Noon), Is.Null);

        rates.Add(Noon.AddMinutes(2), [Accepted(130)]);
        var report = rates.Report(Noon.AddMinutes(2))!;
        var rate = report.Rates.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rate.Increase, Is.EqualTo(30));
            Assert.That(rate.PerMinute, Is.EqualTo(15));
            Assert.That(report.SpanText, Is.EqualTo("2 min 0 s"));
        }
    }

    [Test]
    public void ACounterThatFalls_StartedAgainFromZero_AndASeriesThatAppears_CountsFromZero()
    {
        var rates = new IntakeRates();
        rates.Add(Noon, [Accepted(500)]);
        rates.Add(Noon.AddMinutes(1), [Accepted(520)]);
        rates.Add(Noon.AddMinutes(1).AddSeconds(30), [Accepted(530), Refused("too_large", 1)]);
        rates.Add(Noon.AddMinutes(2), [Accepted(7), Refused("busy", 4)]); // the ingress restarted: 7 since then
        rates.Add(Noon.AddMinutes(3), [Accepted(10), Refused("busy", 6)]);

        var report = rates.Report(Noon.AddMinutes(3))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Rates.Single(r => r.Name == "jaas_deliveries_accepted_total").Increase, Is.EqualTo(20 + 10 + 7 + 3));
            Assert.That(report.Rates.Single(r => r.Labels == "reason=\"busy\"").Increase, Is.EqualTo(6));
            Assert.That(report.Rates.Single(r => r.Labels == "reason=\"too_large\"").Increase, Is.EqualTo(1), "seen before the restart only, and within the window");
            Assert.That(report.Rates.Select(r => r.Name), Is.EqualTo(new[] { "jaas_deliveries_accepted_total", "jaas_deliveries_refused_total", "jaas_deliveries_refused_total" }), "in the order of IntakeRates.Counters");
        }
    }

    [Test]
    public void SamplesOlderThanTheWindow_AreDropped()
    {
        var rates = new IntakeRates();
        rates.Add(Noon, [Accepted(0)]);
        rates.Add(Noon.AddMinutes(1), [Accepted(1000)]);
        rates.Add(Noon.AddMinutes(7), [Accepted(1010)]);
        rates.Add(Noon.AddMinutes(8), [Accepted(1020)]);

        var report = rates.Report(Noon.AddMinutes(8))!;
        Assert.That((report.Span, report.Rates.Single().Increase), Is.EqualTo((TimeSpan.FromMinutes(1), 10.0)),
            "12:00 and 12:01 are more than five minutes before 12:08: the window is 12:07 to 12:08");
    }

    [Test]
    public void SamplesAllOlderThanTheWindowBeforeNow_GiveNoReport()
    {
        var rates = new IntakeRates();
        rates.Add(Noon, [Accepted(0)]);
        rates.Add(Noon.AddMinutes(1), [Accepted(40)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rates.Report(Noon.AddMinutes(5)), Is.Not.Null);
            Assert.That(rates.Report(Noon.AddMinutes(10)), Is.Null, "an ingress that stopped answering nine minutes ago has no rate of now");
        }
    }

    [Test]
    public void AScrapesSeries_AreReadWithoutTheExportersScopeLabels()
    {
        var lines = MetricLine.Select(
            "# TYPE jaas_deliveries_refused_total counter\n" +
            "jaas_deliveries_refused_total{otel_scope_name=\"JaasPipeline.Ingress\",reason=\"busy\"} 4 1765108800000\n" +
            "jaas_deliveries_accepted_total{otel_scope_name=\"JaasPipeline.Ingress\"} 12\n" +
            "jaas_outbox_backlog 3\n",
            IntakeRates.Counters);

        Assert.That(lines, Is.EqualTo(new[]
        {
            new MetricLine("jaas_deliveries_refused_total", "reason=\"busy\"", "4", 4),
            new MetricLine("jaas_deliveries_accepted_total", "", "12", 12),
        }));
    }

    [Test]
    public async Task TheOverview_ShowsWhatTheIngressAcceptedAndRefused_InTheLastMinutes()
    {
        var meeting = new MeetingDeliveries("intake-rates");
        var bodies = Enumerable.Range(1, 3).Select(i => meeting.Joined($"intake-{i}", $"Caller {i}", TimeSpan.FromSeconds(i))).ToArray();
        await ConsoleDeployment.DeliverAsync(bodies);
        using (var client = new HttpClient { BaseAddress = ConsoleDeployment.Standalone.Address })
        {
            foreach (var body in bodies.Take(2))
            {
                using var forged = await SignedDelivery.PostAsync(client, "whsec_not_the_deployments_secret_000", body);
                Assert.That((int)forged.StatusCode, Is.EqualTo(401));
            }
        }

        using var console = new ConsoleHttp(ConsoleDeployment.Standalone.Address);
        using (var signIn = await console.SignInAsync(ConsoleDeployment.ReadKey))
        {
            Assert.That((int)signIn.StatusCode, Is.EqualTo(302));
        }

        // The rates' table only: the figures of /metrics further down show the same counters since the start.
        string rates = "";
        await Eventually.WaitUntilAsync(async () =>
        {
            var overview = System.Net.WebUtility.HtmlDecode(await (await console.GetAsync("/console")).Content.ReadAsStringAsync());
            var start = overview.IndexOf("<h2 id=\"intake\">", StringComparison.Ordinal);
            rates = overview[start..overview.IndexOf("</table>", start, StringComparison.Ordinal)];
            return rates.Contains("<tr><td>jaas_signature_failures_total</td><td class=\"muted\">reason=\"mismatch\"</td><td>2</td>", StringComparison.Ordinal);
        }, ConsoleDeployment.Deadline, "the overview's rates show the two forged deliveries among the refusals of the last minutes");

        var accepted = System.Text.RegularExpressions.Regex.Match(rates, "<tr><td>jaas_deliveries_accepted_total</td><td class=\"muted\"></td><td>(\\d+)</td>");
        Assert.That(accepted.Success ? int.Parse(accepted.Groups[1].Value) : -1, Is.GreaterThanOrEqualTo(3), rates);
    }

    private static MetricLine Accepted(double value) => new("jaas_deliveries_accepted_total", "", "", value);

    private static MetricLine Refused(string reason, double value) => new("jaas_deliveries_refused_total", $"reason=\"{reason}\"", "", value);
}
