using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace JaasPipeline.Compose.Tests;

/// <summary>
/// compose/docker-compose.yml, alone (one broker) and with docker-compose.cluster.yml on top (three RabbitMQ nodes): valid
/// Compose, and a stack that starts in order with what each host needs.
/// </summary>
[TestFixtureSource(nameof(Variants))]
public sealed partial class ComposeFileTests(string variant)
{
    private const string Healthy = "service_healthy";
    private const string Completed = "service_completed_successfully";

    public static readonly string[] Variants = ["single", "cluster"];

    private readonly IReadOnlyList<string> files = variant == "cluster" ? ComposeProject.Clustered : ComposeProject.Single;

    [Test]
    public void ComposeFile_IsValidAgainstTheComposeSpecSchema()
    {
        var schema = ComposeSpecSchema();
        using var document = JsonDocument.Parse(ComposeProject.ComposeFile(files).ToJsonString());

        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = (result.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"));
        Assert.That(result.IsValid, Is.True, string.Join('\n', errors));
    }

    [Test]
    public void SchemaCheck_RejectsAComposeFileWithAMistake()
    {
        // The check above can fail: the same schema refuses a service with an unknown key and a bad restart policy.
        var schema = ComposeSpecSchema();
        var broken = ComposeProject.ComposeFile(files);
        broken["services"]!["ingress"]!["restart_policy"] = "always";
        broken["services"]!["attendance"]!["healthcheck"]!["retries"] = "three";
        using var document = JsonDocument.Parse(broken.ToJsonString());

        Assert.That(schema.Evaluate(document.RootElement).IsValid, Is.False);
    }

    [Test]
    public void EveryVariableOfTheComposeFile_IsDocumentedInEnvExample()
    {
        var used = ComposeProject.InterpolatedVariables(files);
        var documented = ComposeProject.DocumentedVariables();

        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Except(documented.Keys), Is.Empty, "used in docker-compose.yml, missing from .env.example");
        // One .env.example serves both variants: a variable only the cluster file uses is documented once, there.
        var usedByAnyVariant = ComposeProject.InterpolatedVariables(ComposeProject.Clustered);
        Assert.That(documented.Keys.Except(usedByAnyVariant), Is.Empty, "in .env.example, used nowhere");
        Assert.That(documented.Where(variable => variable.Value.Length == 0).Select(variable => variable.Key), Is.Empty,
            "variables of .env.example without a comment above them");
    }

    [Test]
    public void EnvFile_IsNotCommittedButIgnored()
    {
        var gitignore = File.ReadAllLines(Path.Combine(Testing.ServiceProcess.RepositoryRoot, ".gitignore"));
        var dockerignore = File.ReadAllLines(Path.Combine(Testing.ServiceProcess.RepositoryRoot, ".dockerignore"));

        Assert.That(gitignore, Does.Contain("compose/.env"));
        Assert.That(dockerignore, Does.Contain("compose/.env"));
    }

    [Test]
    public void EveryLongRunningService_HasAHealthCheck()
    {
        foreach (var (name, service) in ComposeProject.Services(files).Select(pair => (pair.Key, pair.Value!.AsObject())))
        {
            if (IsOneShot(service))
            {
                Assert.That(DependentsOf(name).Select(dependent => dependent.Condition), Is.Not.Empty.And.All.EqualTo(Completed),
                    $"{name} runs once (restart: \"no\"): what needs it must wait for it to complete");
                continue;
            }

            Assert.That(HasHealthCheck(service), Is.True, $"{name} has no health check");
        }
    }

    [Test]
    public void EveryDependency_WaitsUntilHealthyOrCompleted()
    {
        var services = ComposeProject.Services(files);
        foreach (var (name, service) in services.Select(pair => (pair.Key, pair.Value!.AsObject())))
        {
            if (service["depends_on"] is null)
            {
                continue;
            }

            Assert.That(service["depends_on"], Is.InstanceOf<JsonObject>(), $"{name}: depends_on must name a condition for each dependency");
            foreach (var (dependency, condition) in Dependencies(service))
            {
                var target = services[dependency]?.AsObject();
                Assert.That(target, Is.Not.Null, $"{name} depends on {dependency}, which is not a service");
                if (condition == Healthy)
                {
                    Assert.That(HasHealthCheck(target!), Is.True, $"{name} waits for {dependency} to be healthy, which has no health check");
                }
                else
                {
                    Assert.That(condition, Is.EqualTo(Completed), $"{name} → {dependency}");
                    Assert.That(IsOneShot(target!), Is.True, $"{name} waits for {dependency} to complete, which is not a one-shot service");
                }
            }
        }
    }

    [Test]
    public void EveryJaasService_WaitsForTheBrokerAndItsDatabase()
    {
        var services = ComposeProject.Services(files);
        foreach (var (name, service, _) in ComposeProject.BusServices(files))
        {
            var environment = ComposeProject.Environment(service);
            var dependencies = Dependencies(service).ToDictionary(StringComparer.Ordinal);
            Assert.That(dependencies, Does.ContainKey(environment["Messaging__RabbitMq__Host"]).WithValue(Healthy), $"{name}: the broker");
            foreach (var node in environment.Where(variable => variable.Key.StartsWith("Messaging__RabbitMq__Nodes__", StringComparison.Ordinal)))
            {
                var (host, port) = (node.Value.Split(':')[0], node.Value.Split(':')[1]);
                Assert.That(services[host]?["image"]?.ToString(), Does.StartWith("rabbitmq:"), $"{name}: node {node.Value} is a RabbitMQ service");
                Assert.That(port, Is.EqualTo("5672"), $"{name}: node {node.Value} on the AMQP port inside the network");
                Assert.That(dependencies, Does.ContainKey(host).WithValue(Healthy), $"{name}: waits for node {host}");
            }

            var connectionStrings = environment.Where(variable => variable.Key.EndsWith("__Database__ConnectionString", StringComparison.Ordinal)).ToList();
            Assert.That(connectionStrings, Has.Count.EqualTo(1), $"{name}: one database");
            var server = Regex.Match(connectionStrings[0].Value, "Server=([^;,]+)").Groups[1].Value;
            Assert.That(services[server], Is.Not.Null, $"{name}: its SQL Server {server} is a service");
            // The hosts require their database to exist: something that creates it must have completed.
            Assert.That(dependencies.Where(d => d.Value == Completed).Select(d => Dependencies(services[d.Key]!.AsObject()).Select(x => x.Service)),
                Has.Some.Contains(server), $"{name}: waits for a one-shot container that waited for {server}");
        }
    }

    [Test]
    public void TheIngress_StartsAfterEveryConsumer()
    {
        // The consumers declare their queues; publishing before that is unroutable (jaas_outbox_unroutable_total).
        var consumers = ComposeProject.BusServices(files).Select(s => s.Name).Where(name => name != "ingress");
        var ingress = ComposeProject.Services(files)["ingress"]!.AsObject();

        Assert.That(Dependencies(ingress).Where(d => d.Condition == Healthy).Select(d => d.Service), Is.SupersetOf(consumers));
    }

    [Test]
    public void EveryRabbitMqNode_FormsOneClusterWithTheOthers()
    {
        var nodes = ComposeProject.Services(files).Where(service => service.Value!["image"]?.ToString().StartsWith("rabbitmq:", StringComparison.Ordinal) == true).ToList();
        Assert.That(nodes, Is.Not.Empty);
        if (nodes.Count == 1)
        {
            Assert.That(nodes[0].Value!["volumes"]!.AsArray().Select(v => v!.ToString()), Has.None.Contains("cluster.conf"), "one broker forms no cluster");
            return;
        }

        // Each node names every node in cluster.conf (rabbit@<hostname>), shares the cookie, keeps its data in its own volume.
        var formation = File.ReadAllText(ComposeProject.PathOf("rabbitmq/cluster.conf"));
        var listed = ClusterFormationNode().Matches(formation).Select(match => match.Groups[1].Value).ToList();
        Assert.That(listed, Is.EquivalentTo(nodes.Select(node => (string)node.Value!["hostname"]!)));
        foreach (var (name, node) in nodes.Select(pair => (pair.Key, pair.Value!.AsObject())))
        {
            var volumes = node["volumes"]!.AsArray().Select(v => v!.ToString()).ToList();
            Assert.That(volumes, Has.Some.EqualTo("./rabbitmq/cluster.conf:/etc/rabbitmq/conf.d/20-cluster.conf:ro"), $"{name}: cluster formation");
            Assert.That(ComposeProject.Environment(node)["RABBITMQ_ERLANG_COOKIE"], Is.EqualTo("${RABBITMQ_ERLANG_COOKIE:?set RABBITMQ_ERLANG_COOKIE in compose/.env}"), $"{name}: the shared cookie");
            Assert.That(volumes.Count(v => v.EndsWith(":/var/lib/rabbitmq", StringComparison.Ordinal)), Is.EqualTo(1), $"{name}: its data volume");
        }

        Assert.That(nodes.Select(node => node.Value!["volumes"]!.AsArray().Select(v => v!.ToString()).Single(v => v.EndsWith(":/var/lib/rabbitmq", StringComparison.Ordinal))),
            Is.Unique, "every node its own data volume");
        foreach (var (name, service, _) in ComposeProject.BusServices(files))
        {
            var environment = ComposeProject.Environment(service);
            Assert.That(environment.Where(variable => variable.Key.StartsWith("Messaging__RabbitMq__Nodes__", StringComparison.Ordinal)).Select(variable => variable.Value.Split(':')[0]),
                Is.EquivalentTo(nodes.Select(node => node.Key)), $"{name} lists every node");
            Assert.That(int.Parse(environment["Messaging__RabbitMq__QuorumQueueSize"], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, nodes.Count), $"{name}: quorum size");
        }
    }

    [Test]
    public void EveryPublishedPort_IsBoundToLoopback()
    {
        var ports = ComposeProject.Services(files)
            .SelectMany(service => (service.Value!["ports"]?.AsArray() ?? []).Select(port => (service.Key, Port: port!.ToString())))
            .ToList();

        Assert.That(ports, Is.Not.Empty);
        Assert.That(ports.Where(port => !port.Port.StartsWith("127.0.0.1:", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task EveryEnvironmentVariableOfAJaasService_NamesAnOptionItsHostReads()
    {
        foreach (var (name, service, module) in ComposeProject.JaasServices(files))
        {
            var options = await HostOptions.OfAsync(module);
            Assert.That(options.Count, Is.GreaterThan(10), $"{module} --help lists its options");

            var unknown = ComposeProject.Environment(service).Keys.Where(variable => !options.Reads(variable));

            Assert.That(unknown, Is.Empty, $"{name}: variables that set no option of the {module} host (see its --help)");
        }
    }

    [Test]
    public void OptionCheck_RejectsAVariableNoHostReads()
    {
        var options = HostOptions.Parse(["Messaging", "Messaging:RabbitMq:Password  (string)", "default: (a secret: not shown)", "That user's password.",
            "Attendance:Database:Provider  (Sqlite | SqlServer)", "default: Sqlite", "Api:NamedKeys:<name>  (string)", "default: —"]);

        Assert.That(options.Reads("Messaging__RabbitMq__Password"), Is.True);
        Assert.That(options.Reads("Attendance__Database__Provider"), Is.True);
        Assert.That(options.Reads("Api__NamedKeys__finance"), Is.True);
        Assert.That(options.Reads("Messaging__RabbitMq__Hosts__0"), Is.False);
        Assert.That(options.Reads("Ingress__Database__Provider"), Is.False);
    }

    [Test]
    public void EveryJaasService_ListensPublishesAndIsScrapedOnOnePort()
    {
        var targets = PrometheusTargets().ToList();
        foreach (var (name, service, _) in ComposeProject.JaasServices(files))
        {
            var port = ComposeProject.UrlsPort(ComposeProject.Environment(service)["Urls"]);

            Assert.That((string)service["build"]!["args"]!["PORT"]!, Is.EqualTo(port.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{name}: the image's PORT");
            Assert.That(service["ports"]!.AsArray().Select(p => p!.ToString()), Does.Contain($"127.0.0.1:{port}:{port}"), $"{name}: published");
            Assert.That(targets, Does.Contain((name, port)), $"{name}: scraped by Prometheus");
        }
    }

    [Test]
    public void EveryPrometheusTarget_IsAComposeServiceThatServesMetrics()
    {
        var services = ComposeProject.Services(files);
        var jaas = ComposeProject.JaasServices(files).ToDictionary(s => s.Name, s => ComposeProject.UrlsPort(ComposeProject.Environment(s.Service)["Urls"]));
        var plugins = File.ReadAllText(ComposeProject.PathOf("rabbitmq/enabled_plugins"));

        foreach (var (host, port) in PrometheusTargets())
        {
            Assert.That(services[host], Is.Not.Null, $"Prometheus target {host}:{port} is not a compose service");
            if (jaas.TryGetValue(host, out var listens))
            {
                Assert.That(port, Is.EqualTo(listens), $"{host} listens on {listens}");
            }
            else
            {
                Assert.That((host, port), Is.EqualTo(("rabbitmq", 15692)), "the only other target: RabbitMQ's Prometheus plugin");
                Assert.That(plugins, Does.Contain("rabbitmq_prometheus"));
                Assert.That(services["rabbitmq"]!["volumes"]!.AsArray().Select(v => v!.ToString()),
                    Has.Some.StartsWith("./rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins"));
            }
        }
    }

    [Test]
    public void ArtifactFolders_OfMediaArtifactsAndAnalytics_AreOneSharedVolume()
    {
        // media-artifacts stores the files; analytics reads the statistics files by the key it is told (ArtifactStored).
        var media = VolumeHolding("media-artifacts", "MediaArtifacts__StorageRoot");
        var analytics = VolumeHolding("analytics", "Analytics__ArtifactStorageRoot");

        Assert.That(analytics.Volume, Is.EqualTo(media.Volume));
        Assert.That(ComposeProject.ComposeFile(files)["volumes"]!.AsObject().ContainsKey(media.Volume), Is.True, "a named volume");
        Assert.That(media.ReadOnly, Is.False);
        Assert.That(analytics.ReadOnly, Is.True);
    }

    [Test]
    public void DatabaseInitScript_ParsesAsTSqlAndCreatesEveryDatabaseTheServicesName()
    {
        var script = File.ReadAllText(ComposeProject.PathOf("sqlserver/create-databases.sql"))
            .Replace("$(JAAS_SQL_PASSWORD)", "Example-Passw0rd", StringComparison.Ordinal);
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);
        Assert.That(errors.Select(e => $"line {e.Line}: {e.Message}"), Is.Empty);

        var created = fragment.ScriptTokenStream
            .Select((token, index) => (token, index))
            .Where(t => t.token.TokenType == TSqlTokenType.Database && t.index >= 2
                && fragment.ScriptTokenStream[t.index - 2].TokenType == TSqlTokenType.Create)
            .Select(t => fragment.ScriptTokenStream.Skip(t.index + 1).First(next => next.TokenType == TSqlTokenType.Identifier).Text)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = ComposeProject.JaasServices(files)
            .SelectMany(s => ComposeProject.Environment(s.Service).Values)
            .Select(value => Regex.Match(value, "Database=([^;]+)"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();

        Assert.That(named, Has.Count.EqualTo(5));
        Assert.That(created, Is.SupersetOf(named));
    }

    /// <summary>
    /// The vendored schema. It names its dialect draft-07 by the https address, which the validator knows only by its
    /// canonical one (http, with #): same meta-schema.
    /// </summary>
    private static JsonSchema ComposeSpecSchema() => Schema.Value;

    // Built once: the validator registers a schema under its $id for the whole process.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var text = File.ReadAllText(ComposeProject.PathOf("schema/compose-spec.json"));
        Assert.That(text, Does.Contain("\"$schema\": \"https://json-schema.org/draft-07/schema\""));
        return JsonSchema.FromText(text.Replace("https://json-schema.org/draft-07/schema", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal));
    });

    private static IEnumerable<(string Host, int Port)> PrometheusTargets()
    {
        var config = ComposeProject.ReadYaml(ComposeProject.PathOf("prometheus/prometheus.yml"))!;
        return config["scrape_configs"]!.AsArray()
            .SelectMany(job => job!["static_configs"]!.AsArray())
            .SelectMany(group => group!["targets"]!.AsArray())
            .Select(target => target!.ToString().Split(':'))
            .Select(parts => (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    private (string Volume, bool ReadOnly) VolumeHolding(string service, string folderVariable)
    {
        var definition = ComposeProject.Services(files)[service]!.AsObject();
        var folder = ComposeProject.Environment(definition)[folderVariable];
        var mounts = definition["volumes"]!.AsArray().Select(v => v!.ToString().Split(':')).ToList();
        var mount = mounts.SingleOrDefault(m => folder == m[1] || folder.StartsWith(m[1] + "/", StringComparison.Ordinal));
        Assert.That(mount, Is.Not.Null, $"{service}: {folderVariable}={folder} is on no volume");
        return (mount![0], mount.Length > 2 && mount[2].Split(',').Contains("ro"));
    }

    private static bool HasHealthCheck(JsonObject service) =>
        service["healthcheck"] is JsonObject check && check["disable"]?.GetValue<bool>() != true && check["test"] is not null;

    private static bool IsOneShot(JsonObject service) => service["restart"]?.ToString() == "no";

    private static IEnumerable<(string Service, string Condition)> Dependencies(JsonObject service) =>
        service["depends_on"] is JsonObject dependencies
            ? dependencies.Select(pair => (pair.Key, pair.Value?["condition"]?.ToString() ?? "service_started"))
            : [];

    private IEnumerable<(string Dependent, string Condition)> DependentsOf(string name) =>
        ComposeProject.Services(files)
            .SelectMany(pair => Dependencies(pair.Value!.AsObject()).Where(d => d.Service == name).Select(d => (pair.Key, d.Condition)));

    [GeneratedRegex(@"^cluster_formation\.classic_config\.nodes\.\d+ = rabbit@(\S+)$", RegexOptions.Multiline)]
    private static partial Regex ClusterFormationNode();
}
