using MassTransit;

namespace JaasPipeline.Messaging;

/// <summary>
/// Puts an <see cref="InboxFilter{TConsumer,TMessage}"/> into the pipe of every consumer and message type configured on
/// one service queue, however the consumer was registered. Connected to the receive endpoint, so a consumer cannot be
/// added to a service queue without its inbox.
/// </summary>
public sealed class InboxConsumerObserver(string queue) : IConsumerConfigurationObserver
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class =>
        configurator.UseFilter(new InboxFilter<TConsumer, TMessage>(queue));
}
