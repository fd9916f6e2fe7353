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

    private RabbitMqBroker(string host, int amqpPort, int managementPort, RabbitMqContainer? container)
    {
        Host = host;
        AmqpPort = amqpPort;
        ManagementAddress = new Uri($"http://{host}:{managementPort}/");
        this.container = container;
        management = new HttpClient { BaseAddress = new Uri(ManagementAddress, "api/") };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Username}:{Password}")));
    }

    public string Host { get; }

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
        return new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMq:Host"] = Host,
            ["Messaging:RabbitMq:Port"] = AmqpPort.ToString(),
            ["Messaging:RabbitMq:VirtualHost"] = name,
            ["Messaging:RabbitMq:Username"] = Username,
            ["Messaging:RabbitMq:Password"] = Password,
        };
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

    /// <summary>Stops the broker application (connections drop, durable queues stay on disk).</summary>
    public Task StopAsync() => RabbitMqCtlAsync("stop_app");

    /// <summary>Starts it again and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");
    }

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
