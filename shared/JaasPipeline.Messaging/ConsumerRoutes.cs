namespace JaasPipeline.Messaging;

/// <summary>
/// Which queue each registered consumer listens on, so the in-memory bus can tell how many queues a published
/// message fans out to (see <see cref="InMemoryDeliveryTracker"/>).
/// </summary>
public sealed class ConsumerRoutes
{
    private readonly List<(string Queue, Type ConsumerType)> routes = [];

    internal void Add(string queue, Type consumerType) => routes.Add((queue, consumerType));

    /// <summary>The distinct queues with a consumer for <paramref name="messageType"/> (or a type it derives from).</summary>
    public IReadOnlySet<string> QueuesFor(Type messageType) => routes
        .Where(route => ConsumedTypes(route.ConsumerType).Any(consumed => consumed.IsAssignableFrom(messageType)))
        .Select(route => route.Queue)
        .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<Type> ConsumedTypes(Type consumerType) => consumerType.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(MassTransit.IConsumer<>))
        .Select(i => i.GetGenericArguments()[0]);
}
