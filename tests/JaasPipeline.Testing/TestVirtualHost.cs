namespace JaasPipeline.Testing;

/// <summary>A RabbitMQ virtual host of its own for one test, with the bus settings that point a host at it; deleted on dispose.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private TestVirtualHost(RabbitMqBroker broker, string name, Dictionary<string, string?> busSettings)
    {
        Broker = broker;
        Name = name;
        BusSettings = busSettings;
    }

    public RabbitMqBroker Broker { get; }

    public string Name { get; }

    /// <summary>The <c>Messaging</c> settings of a host on this virtual host.</summary>
    public IReadOnlyDictionary<string, string?> BusSettings { get; }

    /// <summary>Creates <c>{prefix}-{8 random hex digits}</c> on the shared test broker.</summary>
    public static async Task<TestVirtualHost> CreateAsync(string prefix)
    {
        var broker = await RabbitMqBroker.GetAsync();
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        return new TestVirtualHost(broker, name, await broker.CreateVirtualHostAsync(name));
    }

    /// <summary>Creates <c>{prefix}-{8 random hex digits}</c> on <paramref name="broker"/> (e.g. the cluster's).</summary>
    public static async Task<TestVirtualHost> CreateAsync(string prefix, RabbitMqBroker broker)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        return new TestVirtualHost(broker, name, await broker.CreateVirtualHostAsync(name));
    }

    public Task WaitForConsumerAsync(string queue) => Broker.WaitForConsumerAsync(Name, queue);

    public async ValueTask DisposeAsync() => await Broker.DeleteVirtualHostAsync(Name);
}
