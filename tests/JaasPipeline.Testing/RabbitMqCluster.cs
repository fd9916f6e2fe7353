using System.Diagnostics;

namespace JaasPipeline.Testing;

/// <summary>
/// The three-node RabbitMQ cluster on this machine that <c>tests/rabbitmq-cluster.sh</c> starts (tests/run.sh does, where
/// there is no Docker engine): nodes rabbit-a, rabbit-b, rabbit-c on 127.0.0.1:5711–5713, management API on 15711.
/// </summary>
public sealed class RabbitMqCluster
{
    public static readonly IReadOnlyList<string> NodeLetters = ["a", "b", "c"];
    private static readonly int[] AmqpPorts = [5711, 5712, 5713];
    private const string DataFolder = "/var/lib/rabbitmq/jaas-cluster";

    private RabbitMqCluster(RabbitMqBroker broker) => Broker = broker;

    /// <summary>The cluster as one broker: virtual hosts, queues, and bus settings listing every node.</summary>
    public RabbitMqBroker Broker { get; }

    /// <summary>The cluster, or null (with why) when it does not answer.</summary>
    public static async Task<(RabbitMqCluster? Cluster, string? Missing)> GetAsync()
    {
        var broker = await RabbitMqBroker.ClusterAsync(AmqpPorts, 15711);
        return broker is null
            ? (null, "no local RabbitMQ cluster answers on 127.0.0.1:15711 (bash tests/rabbitmq-cluster.sh start; tests/run.sh starts it where there is no Docker engine)")
            : (new RabbitMqCluster(broker), null);
    }

    /// <summary>Erlang's name of node <paramref name="letter"/> (a, b, c), as the management API reports leaders.</summary>
    public static string NodeName(string letter) => $"rabbit-{letter}@{Environment.MachineName.Split('.')[0]}";

    /// <summary>Ends node <paramref name="letter"/> with SIGKILL: no goodbye to its clients or its peers.</summary>
    public static void Kill(string letter)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(DataFolder, letter, "pid")).Trim());
        using var node = Process.GetProcessById(pid);
        node.Kill();
        node.WaitForExit();
    }

    /// <summary>
    /// Stops node <paramref name="letter"/> the orderly way (<c>rabbitmqctl stop</c>): it hands its quorum queues'
    /// leadership to the others and closes its clients' connections.
    /// </summary>
    public static Task StopAsync(string letter) => RunAsync("rabbitmqctl", "-n", NodeName(letter), "stop");

    /// <summary>
    /// Raises (or clears) a memory alarm on node a by lowering its high watermark below what it uses. Alarms are
    /// cluster-wide: while one is raised every node blocks its publishing connections, and consumers go on.
    /// </summary>
    public static Task BlockPublishersAsync(bool block) =>
        RunAsync("rabbitmqctl", "-n", NodeName("a"), "set_vm_memory_high_watermark", block ? "0.000001" : "0.4");

    /// <summary>Starts whichever nodes are down again (they rejoin the cluster by themselves) and waits for all three.</summary>
    public static Task StartMissingNodesAsync() => RunAsync("bash", Path.Combine(RepositoryRoot(), "tests", "rabbitmq-cluster.sh"), "start");

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "JaasPipeline.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("JaasPipeline.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{errors}");
        }
    }
}
