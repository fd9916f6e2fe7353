using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MassTransit.Monitoring;

namespace JaasPipeline.Compose.Tests;

/// <summary>The Grafana dashboard queries only series that exist, and shows the figures operators need.</summary>
public sealed partial class DashboardTests
{
    /// <summary>
    /// RabbitMQ's series the dashboard may use: rabbitmq_prometheus's queue_coarse_metrics and queue_metrics groups
    /// (deps/rabbitmq_prometheus/src/collectors/prometheus_rabbitmq_core_metrics_collector.erl, RabbitMQ 3.10 to 4.x),
    /// per queue on /metrics/per-object.
    /// </summary>
    internal static readonly string[] RabbitMqSeries =
        ["rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked", "rabbitmq_queue_messages", "rabbitmq_queue_consumers"];

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan",
    };

    [Test]
    public void EveryMetricOfTheDashboard_IsOneTheCodeOrRabbitMqEmits()
    {
        var known = MetricCatalog.JaasSeries().Concat(MetricCatalog.MassTransitSeries()).Concat(RabbitMqSeries).ToHashSet(StringComparer.Ordinal);

        var used = Queries().SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);

        Assert.That(used, Has.Count.GreaterThan(10));
        Assert.That(used.Except(known), Is.Empty, "series no meter of the code (nor RabbitMQ) produces");
    }

    [Test]
    public void MetricCatalog_KnowsTheSeriesSeenOnALiveHost()
    {
        // Read on /metrics of running ingress, attendance and media-artifacts hosts (2026-11-24; docs/observability.md, "Dashboard"):
        // the naming rules of the catalog give exactly these, so a typo in the dashboard cannot pass as known.
        var catalog = MetricCatalog.JaasSeries().Concat(MetricCatalog.MassTransitSeries()).ToHashSet(StringComparer.Ordinal);

        Assert.That(catalog, Is.SupersetOf(new[]
        {
            "jaas_deliveries_accepted_total", "jaas_deliveries_refused_total", "jaas_signature_failures_total",
            "jaas_outbox_backlog", "jaas_outbox_oldest_pending_age_seconds", "jaas_error_queue_messages",
            "jaas_media_oldest_pending_link_expiry_seconds", "jaas_settings_provisioning_duration_seconds_bucket",
            "messaging_masstransit_delivery_duration_milliseconds_bucket", "messaging_masstransit_consume_ea_total",
        }));
        Assert.That(catalog, Does.Not.Contain("jaas_settings_provisioning_duration_bucket").And.Not.Contain("jaas_outbox_backlog_total"));
    }

    [TestCase("jaas_deliveries_accepted_total", TestName = "Dashboard_ShowsIntakeRate")]
    [TestCase("jaas_deliveries_refused_total", TestName = "Dashboard_ShowsRefusals")]
    [TestCase("jaas_outbox_backlog", TestName = "Dashboard_ShowsOutboxBacklog")]
    [TestCase("jaas_outbox_oldest_pending_age_seconds", TestName = "Dashboard_ShowsOldestPendingAge")]
    [TestCase("rabbitmq_queue_messages_ready", TestName = "Dashboard_ShowsQueueDepth")]
    [TestCase("messaging_masstransit_delivery_duration_milliseconds_bucket", TestName = "Dashboard_ShowsConsumerLag")]
    [TestCase("jaas_error_queue_messages", TestName = "Dashboard_ShowsErrorQueues")]
    [TestCase("jaas_media_oldest_pending_link_expiry_seconds", TestName = "Dashboard_ShowsDownloadExpiryHeadroom")]
    [TestCase("jaas_settings_provisioning_duration_seconds_bucket", TestName = "Dashboard_ShowsSettingsLatency")]
    public void Dashboard_ShowsTheKeyFigure(string series)
    {
        Assert.That(Queries().SelectMany(MetricNames), Does.Contain(series));
    }

    [Test]
    public void EveryPanel_QueriesTheProvisionedDatasource()
    {
        var datasource = ComposeProject.ReadYaml(ComposeProject.PathOf("grafana/provisioning/datasources/prometheus.yml"))!["datasources"]![0]!;
        var panels = Dashboard()["panels"]!.AsArray();

        Assert.That(panels.Select(panel => panel!["datasource"]!["uid"]!.ToString()), Is.Not.Empty.And.All.EqualTo(datasource["uid"]!.ToString()));
        Assert.That(datasource["url"]!.ToString(), Is.EqualTo("http://prometheus:9090"));
    }

    [Test]
    public void MetricNames_AreTheSeriesOfAQueryNotItsFunctionsOrLabels()
    {
        var names = MetricNames("histogram_quantile(0.99, sum by (le, queue) (rate(a_b_bucket{queue!~\".*_error\", job=\"x\"}[5m]))) / max(c_d offset 5m)");

        Assert.That(names, Is.EquivalentTo(new[] { "a_b_bucket", "c_d" }));
    }

    private static JsonObject Dashboard() =>
        JsonNode.Parse(File.ReadAllText(ComposeProject.PathOf("grafana/dashboards/jaaspipeline.json")))!.AsObject();

    internal static IEnumerable<string> Queries() =>
        Dashboard()["panels"]!.AsArray().SelectMany(panel => panel!["targets"]!.AsArray()).Select(target => target!["expr"]!.ToString());

    /// <summary>The series names in a PromQL expression: identifiers that are not functions, keywords or labels.</summary>
    internal static IEnumerable<string> MetricNames(string query)
    {
        var bare = Braces().Replace(query, "");
        bare = Ranges().Replace(bare, "");
        bare = Grouping().Replace(bare, "");
        return Identifiers().Matches(bare)
            .Where(match => !match.Groups["call"].Success)
            .Select(match => match.Groups["name"].Value)
            .Where(name => !PromQlWords.Contains(name) && !char.IsDigit(name[0]));
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]|offset\s+\w+")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifiers();
}

/// <summary>
/// The Prometheus series the hosts can expose, derived from the instruments the code creates and the exporter's
/// naming (OpenTelemetry's Prometheus exporter: unit suffix <c>_seconds</c>/<c>_milliseconds</c>/<c>_bytes</c> unless
/// the name ends with it, <c>_total</c> on counters, <c>_bucket</c>/<c>_sum</c>/<c>_count</c> on histograms).
/// </summary>
public static partial class MetricCatalog
{
    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds", ["ms"] = "milliseconds", ["By"] = "bytes", ["ea"] = "ea",
    };

    /// <summary>Our instruments: every <c>Create…("name", unit: "…")</c> call in services/ and shared/.</summary>
    public static IEnumerable<string> JaasSeries()
    {
        var root = Testing.ServiceProcess.RepositoryRoot;
        var sources = new[] { "services", "shared" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            foreach (Match call in InstrumentCall().Matches(File.ReadAllText(file)))
            {
                var unit = Unit().Match(call.Groups["rest"].Value);
                foreach (var series in Series(call.Groups["name"].Value, call.Groups["kind"].Value, unit.Success ? unit.Groups[1].Value : ""))
                {
                    yield return series;
                }
            }
        }
    }

    /// <summary>
    /// MassTransit's meter (8.5, LogContextInstrumentationExtensions): counters in "ea", histograms (<c>…Duration</c>)
    /// in "ms", named by <see cref="InstrumentationOptions"/> as <see cref="ConfigureDefaultInstrumentationOptions"/> sets them.
    /// </summary>
    public static IEnumerable<string> MassTransitSeries()
    {
        var options = new InstrumentationOptions();
        new ConfigureDefaultInstrumentationOptions().Configure(options);
        return typeof(InstrumentationOptions).GetProperties()
            .Where(property => property.PropertyType == typeof(string) && (property.Name.EndsWith("Total", StringComparison.Ordinal)
                || property.Name.EndsWith("InProgress", StringComparison.Ordinal) || property.Name.EndsWith("Duration", StringComparison.Ordinal)))
            .Where(property => property.GetValue(options) is string)
            .SelectMany(property => property.Name.EndsWith("Duration", StringComparison.Ordinal)
                ? Series((string)property.GetValue(options)!, "Histogram", "ms")
                : Series((string)property.GetValue(options)!, "Counter", "ea"));
    }

    private static IEnumerable<string> Series(string instrument, string kind, string unit)
    {
        var name = instrument.Replace('.', '_');
        if (UnitSuffixes.TryGetValue(unit, out var suffix) && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return kind switch
        {
            "Counter" or "ObservableCounter" => [name + "_total"],
            "Histogram" => [name + "_bucket", name + "_sum", name + "_count"],
            _ => [name],
        };
    }

    [GeneratedRegex(@"Create(?<kind>Counter|Histogram|UpDownCounter|ObservableGauge|ObservableCounter|ObservableUpDownCounter|Gauge)(<[^>]*>)?\(\s*""(?<name>[A-Za-z0-9_.]+)""(?<rest>[^;]*)")]
    private static partial Regex InstrumentCall();

    [GeneratedRegex(@"unit:\s*""([^""]*)""")]
    private static partial Regex Unit();
}
