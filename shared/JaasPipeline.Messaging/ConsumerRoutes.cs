using MassTransit;

namespace JaasPipeline.Messaging;

/// <summary>
/// Which queue each configured consumer listens on, learnt from MassTransit's own endpoint configuration (so it holds
/// however a consumer was registered). The in-memory bus uses it to tell how many queues a published message fans
/// out to (see <see cref="InMemoryDeliveryTracker"/>).
/// </summary>
public sealed class ConsumerRoutes
{
    private readonly Lock gate = new();
    private readonly List<(string Queue, Type ConsumerType)> routes = [];

    /// <summary>The queues that have a consumer configured.</summary>
    public IReadOnlySet<string> Queues
    {
        get
        {
            lock (gate)
            {
                return routes.Select(route => route.Queue).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>An observer for one receive endpoint that records each consumer configured on it.</summary>
    public IConsumerConfigurationObserver ObserverFor(string queue) => new RouteObserver(this, queue);

    /// <summary>The distinct queues with a consumer for <paramref name="messageType"/> (or a type it derives from).</summary>
    public IReadOnlySet<string> QueuesFor(Type messageType)
    {
        lock (gate)
        {
            return routes
                .Where(route => ConsumedTypes(route.ConsumerType).Any(consumed => consumed.IsAssignableFrom(messageType)))
                .Select(route => route.Queue)
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    private void Add(string queue, Type consumerType)
    {
        lock (gate)
        {
            if (!routes.Contains((queue, consumerType)))
            {
                routes.Add((queue, consumerType));
            }
        }
    }

    private static IEnumerable<Type> ConsumedTypes(Type consumerType) => consumerType.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0]);

    private sealed class RouteObserver(ConsumerRoutes routes, string queue) : IConsumerConfigurationObserver
    {
        public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
            where TConsumer : class => routes.Add(queue, typeof(TConsumer));

        public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
            where TConsumer : class
            where TMessage : class
        {
        }
    }
}
