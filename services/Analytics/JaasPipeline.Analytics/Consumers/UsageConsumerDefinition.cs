using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics.Consumers;

/// <summary>Listens on the analytics queue (retries and the inbox come with every service queue).</summary>
public sealed class UsageConsumerDefinition : ConsumerDefinition<UsageConsumer>
{
    public UsageConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = AnalyticsExtensions.ServiceName;
            endpoint.PrefetchCount = ServiceQueueSettings.PrefetchCount;
            endpoint.ConcurrentMessageLimit = ServiceQueueSettings.ConcurrentMessageLimit;
        });
    }
}
