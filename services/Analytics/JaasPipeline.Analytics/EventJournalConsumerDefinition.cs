using MassTransit;

namespace JaasPipeline.Analytics;

/// <summary>The analytics queue. Retries and the inbox are set for every service queue by AddJaasMessaging.</summary>
public sealed class EventJournalConsumerDefinition : ConsumerDefinition<EventJournalConsumer>
{
    public EventJournalConsumerDefinition() => EndpointName = AnalyticsExtensions.ServiceName;
}
