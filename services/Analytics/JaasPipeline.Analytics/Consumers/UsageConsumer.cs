using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics.Consumers;

/// <summary>Adds the devices and users a USAGE lists to their customer's month.</summary>
public sealed class UsageConsumer(InboxTransaction inbox, AnalyticsStore store) : IConsumer<UsageReported>
{
    public Task Consume(ConsumeContext<UsageReported> context) => store.AddUsageAsync(inbox, context.Message);
}
