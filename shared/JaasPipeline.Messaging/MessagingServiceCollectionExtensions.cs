using System.Reflection;
using JaasPipeline.Data;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>The one place the bus is configured, for every host (separate services and Standalone alike).</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds MassTransit on the configured transport. <paramref name="addConsumers"/> registers the consumers of the
    /// modules this host runs (plain <c>AddConsumer&lt;TConsumer, TDefinition&gt;</c>); each module's queue is durable
    /// (a quorum queue on RabbitMQ), bound by MassTransit to the message types its consumers handle, and every
    /// consumer on a queue named like a service database runs inside that database's inbox.
    /// </summary>
    public static IServiceCollection AddJaasMessaging(
        this IServiceCollection services, IConfiguration configuration, Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        var section = configuration.GetSection(MessagingOptions.Section);
        services.AddOptions<MessagingOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RabbitMqOptions>().Bind(section.GetSection("RabbitMq")).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();

        var routes = new ConsumerRoutes();
        services.AddSingleton(routes);
        services.AddSingleton<ServiceQueueDirectory>();
        services.AddScoped<InboxTransaction>();
        services.AddSingleton<InboxCommitGroups>();
        services.AddMetrics();
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<IValidateOptions<MessagingOptions>, ServiceQueueDatabaseValidator>();
        // Before AddMassTransit: hosted services start in the order they were added, so the check runs before the bus.
        services.AddHostedService<ServiceQueueInboxCheck>();

        services.AddMassTransit(bus =>
        {
            // A customer's pipeline does not report its usage to MassTransit's vendor.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            addConsumers?.Invoke(bus);

            // Once per receive endpoint, whichever consumers share it and however they were registered.
            bus.AddConfigureEndpointsCallback((context, queue, endpoint) =>
            {
                // Retries first, then the inbox inside them (in each consumer's pipe), so each attempt runs in a
                // fresh transaction. A message past its delivery limit is not retried: it goes to the error queue.
                endpoint.UseMessageRetry(retry => retry.Intervals(options.EffectiveRetryIntervals).Ignore<DeliveryLimitReachedException>());
                if (endpoint is IRabbitMqReceiveEndpointConfigurator)
                {
                    // On the endpoint's pipe: once per delivery, before any consumer's inbox or transaction.
                    endpoint.UseFilter(new DeliveryLimitFilter(context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.DeliveryLimit));
                }

                // A service queue is bound to the message types its consumers take, so only a replay to one queue
                // (which sends a meeting's every event type there) brings it others: dropped here, not moved to a
                // <queue>_skipped queue that would grow unwatched.
                endpoint.DiscardSkippedMessages();
                if (options.Transport == MessagingTransport.InMemory)
                {
                    // The in-memory <queue>_error queue has no reader and dies with the process: the tracker records a
                    // faulted message in faulted_messages or retries it (InMemoryRetries), so a copy kept there would
                    // only hold memory, once per failed attempt for as long as a database refuses writes.
                    endpoint.DiscardFaultedMessages();
                }

                endpoint.ConnectConsumerConfigurationObserver(routes.ObserverFor(queue));
                if (context.GetRequiredService<IServiceProviderIsKeyedService>().IsKeyedService(typeof(Database), queue))
                {
                    endpoint.ConnectConsumerConfigurationObserver(new InboxConsumerObserver(queue));
                }

                // Quorum queues are replicated and survive a broker restart; RabbitMQ 3.10 supports them.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue(context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.DeclaredQuorumQueueSize());
                }
            });

            if (options.Transport == MessagingTransport.InMemory)
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    var tracker = context.GetRequiredService<InMemoryDeliveryTracker>();
                    cfg.ConnectPublishObserver(tracker);
                    cfg.ConnectReceiveObserver(tracker);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                    var first = rabbit.ConnectionNodes()[0];
                    cfg.Host(first.Host, (ushort)first.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        if (rabbit.Nodes is { Length: > 0 })
                        {
                            // Every node, in order: the connection (and each reconnection) takes the first that answers.
                            h.UseCluster(cluster =>
                            {
                                foreach (var node in rabbit.ConnectionNodes())
                                {
                                    cluster.Node(node.ToString());
                                }
                            });
                        }
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        if (options.Transport == MessagingTransport.InMemory)
        {
            services.AddSingleton<InMemoryDeliveryTracker>();
            services.AddSingleton<FaultedMessages>();
            services.AddSingleton<InMemoryRetries>();
            // Degraded, not Unhealthy: the intake still accepts and commits; the messages go again by themselves.
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                InMemoryRetries.HealthCheckName, sp => sp.GetRequiredService<InMemoryRetries>(), HealthStatus.Degraded, ["ready"]));
        }
        else
        {
            services.AddHostedService<ErrorQueueDeclaration>();
            services.AddSingleton<ErrorQueues>();
            services.AddHostedService<ErrorQueueWatch>();
            // Degraded, not Unhealthy: the service keeps consuming; someone must look at what failed.
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                ErrorQueues.HealthCheckName, sp => sp.GetRequiredService<ErrorQueues>(), HealthStatus.Degraded, ["ready"]));
        }

        return services;
    }

    /// <summary>
    /// Registers a consumer service's database under its queue name — which is what puts the inbox around every
    /// consumer of that queue — with the inbox's migrations before the module's own.
    /// </summary>
    public static IServiceCollection AddConsumerDatabase(
        this IServiceCollection services, string queue, IConfigurationSection section, params Assembly[] moduleMigrations) =>
        services.AddServiceDatabase(queue, section, [typeof(InboxTransaction).Assembly, .. moduleMigrations]).AddInboxRetention(queue);
}
