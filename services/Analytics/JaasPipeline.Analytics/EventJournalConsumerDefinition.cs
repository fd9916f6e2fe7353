using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics;

/// <summary>The analytics queue: short in-process retries for transient faults, then MassTransit's error queue.</summary>
public sealed class EventJournalConsumerDefinition : ConsumerDefinition<EventJournalConsumer>
{
    public EventJournalConsumerDefinition() => EndpointName = AnalyticsExtensions.ServiceName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EventJournalConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Immediate-ish retries only: Debian's RabbitMQ has no delayed-message plugin for redelivery.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 2000));
        endpointConfigurator.UseInbox(context);
    }
}
