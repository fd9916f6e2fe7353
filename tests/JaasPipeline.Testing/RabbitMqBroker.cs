using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Testcontainers.RabbitMq;

namespace JaasPipeline.Testing;

/// <summary>
/// The real RabbitMQ the tests run against: a Testcontainers container where a Docker engine answers, otherwise the
/// local broker that the README's test command installs and starts (on 127.0.0.1, or JAAS_TEST_RABBITMQ_HOST).
/// One broker per test run; each fixture takes its own virtual host so fixtures never see each other's queues.
/// </summary>
public sealed class RabbitMqBroker
{
    private const string Username = "guest";
    private const string Password = "guest";
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static RabbitMqBroker? shared;

    private readonly RabbitMqContainer? container;
    private readonly HttpClient management;

    private RabbitMqBroker(string host, int amqpPort, int managementPort, RabbitMqContainer? container, IReadOnlyList<int>? nodePorts = null)
    {
        NodePorts = nodePorts ?? [];
        Host = host;
        AmqpPort = amqpPort;
        ManagementAddress = new Uri($"http://{host}:{managementPort}/");
        this.container = container;
        management = new HttpClient { BaseAddress = new Uri(ManagementAddress, "api/") };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Username}:{Password}")));
    }

    public string Host { get; }

    /// <summary>The AMQP ports of a cluster's nodes (<see cref="RabbitMqCluster"/>); empty for one broker.</summary>
    public IReadOnlyList<int> NodePorts { get; }

    public int AmqpPort { get; }

    /// <summary>The management API's base address (its paths start with <c>api/</c>).</summary>
    public Uri ManagementAddress { get; }

    /// <summary>Where the broker came from, for test output.</summary>
    public string Origin => container is null ? "local rabbitmq-server" : "Testcontainers";

    /// <summary>The broker of this test run, started on first use.</summary>
    public static async Task<RabbitMqBroker> GetAsync()
    {
        await StartGate.WaitAsync();
        try
        {
            return shared ??= await StartAsync();
        }
        finally
        {
            StartGate.Release();
        }
    }

    /// <summary>Creates an empty virtual host for one fixture and returns the configuration pointing the bus at it.</summary>
    public async Task<Dictionary<string, string?>> CreateVirtualHostAsync(string name)
    {
        (await management.PutAsync($"vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync(
            $"permissions/{Uri.EscapeDataString(name)}/{Username}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = Host,
            ["Messaging:RabbitMq:Port"] = AmqpPort.ToString(),
            ["Messaging:RabbitMq:VirtualHost"] = name,
            ["Messaging:RabbitMq:Username"] = Username,
            ["Messaging:RabbitMq:Password"] = Password,
        };
        for (var i = 0; i < NodePorts.Count; i++)
        {
            settings[$"Messaging:RabbitMq:Nodes:{i}"] = $"{Host}:{NodePorts[i]}";
        }

        return settings;
    }

    public async Task DeleteVirtualHostAsync(string name) =>
        await management.DeleteAsync($"vhosts/{Uri.EscapeDataString(name)}");

    /// <summary>The queues of a virtual host as the management UI shows them.</summary>
    public async Task<IReadOnlyList<BrokerQueue>> QueuesAsync(string virtualHost) =>
        await management.GetFromJsonAsync<List<BrokerQueue>>($"queues/{Uri.EscapeDataString(virtualHost)}") ?? [];

    /// <summary>
    /// Waits until a consumer is attached to <paramref name="queue"/>: only then are its bindings in place, and a message
    /// published earlier would have found no queue (RabbitMQ drops what no binding routes).
    /// </summary>
    public Task WaitForConsumerAsync(string virtualHost, string queue) =>
        Eventually.WaitUntilAsync(
            async () => (await QueuesAsync(virtualHost)).Any(q => q.Name == queue && q.Consumers > 0),
            TimeSpan.FromSeconds(30), $"queue {queue} has a consumer");

    /// <summary>
    /// Closes every client connection of <paramref name="virtualHost"/> from the broker's side: what the broker sees when
    /// a client's process is killed (the socket ends; unacknowledged messages go back to their queues). Returns how many.
    /// </summary>
    public async Task<int> CloseConnectionsAsync(string virtualHost)
    {
        var connections = await management.GetFromJsonAsync<List<BrokerConnection>>($"vhosts/{Uri.EscapeDataString(virtualHost)}/connections") ?? [];
        foreach (var connection in connections)
        {
            using var close = await management.DeleteAsync($"connections/{Uri.EscapeDataString(connection.Name)}");
            close.EnsureSuccessStatusCode();
        }

        return connections.Count;
    }

    /// <summary>
    /// Closes, from the broker's side, the connections whose channels consume from <paramref name="queue"/>: what the
    /// broker sees when that consumer's process is killed. Other clients of the virtual host (a publisher) keep theirs,
    /// so a reconnecting publisher listed first can never be taken for the consumer. Returns how many were closed; a
    /// connection the statistics still list but that is gone already is not counted.
    /// </summary>
    public async Task<int> CloseConsumerConnectionsAsync(string virtualHost, string queue)
    {
        var details = await management.GetFromJsonAsync<QueueConsumers>($"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}");
        var closed = 0;
        // A consumer whose channel is already gone is listed with "channel_details": [] until the statistics catch up.
        var names = (details?.ConsumerDetails ?? [])
            .Select(consumer => consumer.ChannelDetails)
            .Where(channel => channel.ValueKind == System.Text.Json.JsonValueKind.Object && channel.TryGetProperty("connection_name", out _))
            .Select(channel => channel.GetProperty("connection_name").GetString()!)
            .Distinct();
        foreach (var name in names)
        {
            using var close = await management.DeleteAsync($"connections/{Uri.EscapeDataString(name)}");
            if (close.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                continue;
            }

            close.EnsureSuccessStatusCode();
            closed++;
        }

        return closed;
    }

    /// <summary>Sets a policy on <paramref name="virtualHost"/> (the management API's <c>PUT /api/policies</c>).</summary>
    public async Task SetPolicyAsync(string virtualHost, string name, string pattern, string applyTo, Dictionary<string, object> definition) =>
        (await management.PutAsJsonAsync(
            $"policies/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(name)}",
            new Dictionary<string, object> { ["pattern"] = pattern, ["apply-to"] = applyTo, ["definition"] = definition, ["priority"] = 0 })).EnsureSuccessStatusCode();

    /// <summary>The headers of the messages waiting in <paramref name="queue"/>, read and put back (the management UI's "Get messages").</summary>
    public async Task<IReadOnlyList<Dictionary<string, System.Text.Json.JsonElement>>> PeekHeadersAsync(string virtualHost, string queue, int count)
    {
        using var response = await management.PostAsJsonAsync(
            $"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<List<PeekedMessage>>() ?? [];
        return [.. messages.Select(message => message.Properties.Headers ?? [])];
    }

    private sealed record BrokerConnection(string Name);

    private sealed record QueueConsumers(
        [property: System.Text.Json.Serialization.JsonPropertyName("consumer_details")] List<QueueConsumer>? ConsumerDetails);

    private sealed record QueueConsumer(
        [property: System.Text.Json.Serialization.JsonPropertyName("channel_details")] System.Text.Json.JsonElement ChannelDetails);

    private sealed record PeekedMessage(PeekedProperties Properties);

    private sealed record PeekedProperties(Dictionary<string, System.Text.Json.JsonElement>? Headers);

    /// <summary>Stops the broker application (connections drop, durable queues stay on disk).</summary>
    public Task StopAsync() => RabbitMqCtlAsync("stop_app");

    /// <summary>Starts it again and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");
    }

    /// <summary>
    /// The local three-node cluster (tests/rabbitmq-cluster.sh) as one broker: its virtual hosts are the cluster's, its
    /// bus settings list every node; null when it does not answer.
    /// </summary>
    internal static async Task<RabbitMqBroker?> ClusterAsync(IReadOnlyList<int> nodePorts, int managementPort)
    {
        var broker = new RabbitMqBroker("127.0.0.1", nodePorts[0], managementPort, null, nodePorts);
        try
        {
            using var overview = await broker.management.GetAsync("overview");
            return overview.IsSuccessStatusCode ? broker : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The node that leads <paramref name="queue"/> (a quorum queue's leader), as the management API says.</summary>
    public async Task<string?> LeaderOfAsync(string virtualHost, string queue) =>
        (await management.GetFromJsonAsync<QueueLeader>($"queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}"))?.Leader;

    private sealed record QueueLeader(string? Leader);

    private static async Task<RabbitMqBroker> StartAsync()
    {
        if (DockerEngine.IsAvailable)
        {
            var container = new RabbitMqBuilder("rabbitmq:3.13-management")
                .WithUsername(Username).WithPassword(Password).WithPortBinding(15672, true).Build();
            await container.StartAsync();
            return new RabbitMqBroker(container.Hostname, container.GetMappedPublicPort(5672), container.GetMappedPublicPort(15672), container);
        }

        // Loopback only: tests never send traffic anywhere else.
        var host = Environment.GetEnvironmentVariable("JAAS_TEST_RABBITMQ_HOST") is { Length: > 0 } configured ? configured : "127.0.0.1";
        var broker = new RabbitMqBroker(host, 5672, 15672, null);
        try
        {
            (await broker.management.GetAsync("overview")).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException(
                $"No Docker engine and no RabbitMQ management API on {host}:15672 ({exception.Message}). " +
                "Run the tests with the README's test command (bash tests/run.sh), which installs and starts rabbitmq-server.", exception);
        }

        return broker;
    }

    private async Task RabbitMqCtlAsync(string command)
    {
        if (container is not null)
        {
            var result = await container.ExecAsync(["rabbitmqctl", command]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl {command} failed: {result.Stderr}");
            }

            return;
        }

        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {command} failed ({process.ExitCode}): {stderr}");
        }
    }
}

/// <summary>One queue as the management API reports it.</summary>
public sealed record BrokerQueue(string Name, bool Durable, string? Type, long Messages, long Consumers)
{
    public Dictionary<string, object>? Arguments { get; init; }
}
