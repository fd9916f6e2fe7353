using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics;

/// <summary>
/// Records every JaaS event, whatever its type, in the analytics journal; an event the gap rules read also with what they
/// read of it (<see cref="GapSubject"/>), and its meeting is marked due for the gap worker.
/// </summary>
public sealed class EventJournalConsumer(InboxTransaction inbox, AnalyticsStore store)
    : IConsumer<IJaasEvent>
{
    public Task Consume(ConsumeContext<IJaasEvent> context) =>
        store.AppendJournalAsync(inbox, context.Message, context.MessageId!.Value, GapSubject.Of(context));
}
