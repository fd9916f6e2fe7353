using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>The probe's endpoint, set up the way a service's consumer definition is: retry first, then the inbox.</summary>
public sealed class InboxProbeConsumerDefinition : ConsumerDefinition<InboxProbeConsumer>
{
    public const string Queue = "inbox-probe";

    /// <summary>Immediate only: the broker has no delayed-message plugin for delayed redelivery.</summary>
    public const int ImmediateRetries = 2;

    public InboxProbeConsumerDefinition() => EndpointName = Queue;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<InboxProbeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Immediate(ImmediateRetries));
        endpointConfigurator.UseInbox(context);
    }
}
