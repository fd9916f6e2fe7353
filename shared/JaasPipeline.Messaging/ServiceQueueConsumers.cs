using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Messaging;

/// <summary>
/// The one endpoint definition of the service queues: a consumer service registers each consumer with its queue's
/// name, and the queue's prefetch and concurrency come from <see cref="ServiceQueueSettings"/>. Retries and the inbox
/// are put on every service queue by <see cref="MessagingServiceCollectionExtensions.AddJaasMessaging"/>.
/// </summary>
public static class ServiceQueueConsumers
{
    /// <summary>
    /// Adds <typeparamref name="TConsumer"/> on the service queue <paramref name="queue"/>, whose database of the same
    /// name (<see cref="MessagingServiceCollectionExtensions.AddConsumerDatabase"/>) holds its inbox; start-up stops
    /// when it does not (<see cref="ServiceQueueDatabaseValidator"/>, <see cref="ServiceQueueInboxCheck"/>).
    /// </summary>
    /// <remarks>
    /// Not a generic <c>ConsumerDefinition</c>: MassTransit builds a definition from the container for each consumer
    /// type, so the queue's name would have to reach it through a registration of its own. MassTransit's
    /// <c>AddConsumer().Endpoint(…)</c> makes the same endpoint definition (<c>ConsumerEndpointDefinition</c>) that a
    /// definition's <c>Endpoint(…)</c> call makes, from the name given here.
    /// </remarks>
    public static IBusRegistrationConfigurator AddServiceQueueConsumer<TConsumer>(this IBusRegistrationConfigurator bus, string queue)
        where TConsumer : class, IConsumer
    {
        bus.AddSingleton(new ServiceQueueName(queue));
        bus.AddConsumer<TConsumer>().Endpoint(endpoint =>
        {
            endpoint.Name = queue;
            endpoint.PrefetchCount = ServiceQueueSettings.PrefetchCount;
            endpoint.ConcurrentMessageLimit = ServiceQueueSettings.ConcurrentMessageLimit;
        });
        return bus;
    }
}
