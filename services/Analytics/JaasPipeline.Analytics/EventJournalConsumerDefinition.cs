using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics;

/// <summary>The analytics queue. Retries and the inbox are set for every service queue by AddJaasMessaging.</summary>
public sealed class EventJournalConsumerDefinition : ConsumerDefinition<EventJournalConsumer>
{
    public EventJournalConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = AnalyticsExtensions.ServiceName;
            endpoint.PrefetchCount = ServiceQueueSettings.PrefetchCount;
            endpoint.ConcurrentMessageLimit = ServiceQueueSettings.ConcurrentMessageLimit;
        });
    }
}
