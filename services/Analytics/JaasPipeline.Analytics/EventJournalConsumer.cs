using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics;

/// <summary>Records every JaaS event, whatever its type, in the analytics journal.</summary>
public sealed class EventJournalConsumer(InboxTransaction inbox, AnalyticsStore store)
    : IConsumer<IJaasEvent>
{
    public Task Consume(ConsumeContext<IJaasEvent> context) => store.AppendJournalAsync(inbox, context.Message, context.MessageId!.Value);
}
