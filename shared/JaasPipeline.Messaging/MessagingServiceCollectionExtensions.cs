using System.Reflection;
using JaasPipeline.Data;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>The one place the bus is configured, for every host (separate services and Standalone alike).</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds MassTransit on the configured transport. <paramref name="addConsumers"/> registers the consumers of the
    /// modules this host runs (with <see cref="AddQueueConsumer{TConsumer,TDefinition}"/>); each module's queue is
    /// durable (a quorum queue on RabbitMQ) and bound by MassTransit to the message types its consumers handle.
    /// </summary>
    public static IServiceCollection AddJaasMessaging(
        this IServiceCollection services, IConfiguration configuration, Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        var section = configuration.GetSection(MessagingOptions.Section);
        services.AddOptions<MessagingOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<RabbitMqOptions>().Bind(section.GetSection("RabbitMq")).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();

        var routes = new ConsumerRoutes();
        services.AddSingleton(routes);
        services.AddSingleton<InMemoryDeliveryTracker>();
        services.AddScoped<InboxTransaction>();

        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            addConsumers?.Invoke(bus);

            // Once per receive endpoint, whichever consumers share it: retries first, then the inbox inside them, so
            // each attempt runs in a fresh transaction. The inbox applies to every queue that names a service database.
            bus.AddConfigureEndpointsCallback((context, queue, endpoint) =>
            {
                endpoint.UseMessageRetry(retry => retry.Intervals(options.EffectiveRetryIntervals));
                if (context.GetRequiredService<IServiceProviderIsKeyedService>().IsKeyedService(typeof(Database), queue))
                {
                    endpoint.UseInbox(context);
                }

                // Quorum queues are replicated and survive a broker restart; RabbitMQ 3.10 supports them.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });

            if (options.Transport == MessagingTransport.InMemory)
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.ConnectReceiveObserver(context.GetRequiredService<InMemoryDeliveryTracker>());
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    /// <summary>
    /// Registers a consumer service's database under its queue name — which is what puts the inbox around the queue —
    /// with the inbox table's migrations before the module's own.
    /// </summary>
    public static IServiceCollection AddConsumerDatabase(
        this IServiceCollection services, string queue, IConfigurationSection section, params Assembly[] moduleMigrations) =>
        services.AddServiceDatabase(queue, section, [typeof(InboxFilter<>).Assembly, .. moduleMigrations]).AddInboxRetention(queue);

    /// <summary>Registers a consumer with its definition and remembers the queue it listens on.</summary>
    public static IBusRegistrationConfigurator AddQueueConsumer<TConsumer, TDefinition>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>, new()
    {
        bus.AddConsumer<TConsumer, TDefinition>();
        var queue = new TDefinition().GetEndpointName(KebabCaseEndpointNameFormatter.Instance);
        var routes = bus.Select(d => d.ImplementationInstance).OfType<ConsumerRoutes>().FirstOrDefault()
            ?? throw new InvalidOperationException("Call AddQueueConsumer inside AddJaasMessaging(configuration, bus => ...).");
        routes.Add(queue, typeof(TConsumer));
        return bus;
    }

    /// <summary>
    /// Puts the inbox around every consumer of this endpoint (AddJaasMessaging does it for every queue named like a
    /// service database). Call it after the endpoint's retry policy so each retry runs in a fresh transaction.
    /// </summary>
    public static void UseInbox(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context) =>
        endpoint.UseConsumeFilter(typeof(InboxFilter<>), context);
}
