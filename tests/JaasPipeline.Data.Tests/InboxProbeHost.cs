using Dapper;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Data.Tests;

/// <summary>A host wired the way a service is (AddServiceDatabase + AddJaasMessaging) around the inbox probe consumer.</summary>
public sealed class InboxProbeHost : IAsyncDisposable
{
    private readonly IHost host;

    private InboxProbeHost(IHost host) => this.host = host;

    public ReceiveCompletions Completions => host.Services.GetRequiredService<ReceiveCompletions>();

    public ProbeAttempts Attempts => host.Services.GetRequiredService<ProbeAttempts>();

    public IBus Bus => host.Services.GetRequiredService<IBus>();

    /// <summary>The probe's database, as the inbox resolves it: keyed by the queue name.</summary>
    public Database Database => host.Services.GetRequiredKeyedService<Database>(InboxProbeConsumerDefinition.Queue);

    /// <summary>
    /// Builds a host from <paramref name="settings"/> (Messaging:* and InboxProbe:Database:*); <paramref name="moreConsumers"/>
    /// adds consumers beside the probe consumer.
    /// </summary>
    public static InboxProbeHost Create(IReadOnlyDictionary<string, string?> settings, Action<IBusRegistrationConfigurator>? moreConsumers = null)
    {
        // No defaults: nothing from the environment or appsettings files may change what the test set up.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(Enumerable.Range(0, InboxProbeConsumerDefinition.ImmediateRetries)
            .Select(i => KeyValuePair.Create($"Messaging:RetryIntervals:{i}", (string?)"00:00:00")));
        builder.Services.AddServiceDatabase(
            InboxProbeConsumerDefinition.Queue,
            builder.Configuration.GetSection("InboxProbe:Database"),
            typeof(InboxTransaction).Assembly,
            typeof(InboxProbeHost).Assembly);
        builder.Services.AddJaasMessaging(
            builder.Configuration, bus =>
            {
                bus.AddConsumer<InboxProbeConsumer, InboxProbeConsumerDefinition>();
                moreConsumers?.Invoke(bus);
            });
        builder.Services.AddSingleton<ProbeAttempts>();
        builder.Services.AddSingleton<ReceiveCompletions>();
        builder.Services.AddReceiveObserver(sp => sp.GetRequiredService<ReceiveCompletions>());
        // StartAsync returns once the receive endpoints are ready, so a test can publish right after it.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        return new InboxProbeHost(builder.Build());
    }

    public Task StartAsync() => host.StartAsync();

    /// <summary>Rows the consumer left for one probe.</summary>
    public async Task<long> EffectsAsync(Guid probeKey)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM inbox_probe_effects WHERE probe_key = @ProbeKey", new { ProbeKey = probeKey.ToString() });
    }

    /// <summary>Inbox records of the probe consumer for one message id.</summary>
    public async Task<long> InboxRecordsAsync(Guid messageId)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM inbox_messages WHERE consumer = @Consumer AND message_id = @MessageId",
            new { Consumer = nameof(InboxProbeConsumer), MessageId = messageId.ToString() });
    }

    /// <summary>Rows one consumer sharing the probe queue left for one message id.</summary>
    public async Task<long> SharedQueueEffectsAsync(string consumer, Guid messageId)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM shared_queue_effects WHERE consumer = @Consumer AND message_id = @MessageId",
            new { Consumer = consumer, MessageId = messageId.ToString() });
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
