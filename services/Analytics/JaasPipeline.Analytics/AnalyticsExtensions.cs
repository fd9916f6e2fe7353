using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Analytics;

/// <summary>Wires the analytics module into a host: its database and its consumers.</summary>
public static class AnalyticsExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "analytics";

    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConsumerDatabase(ServiceName, builder.Configuration.GetSection("Analytics:Database"), typeof(EventJournalConsumer).Assembly);
        return builder;
    }

    public static IBusRegistrationConfigurator AddAnalyticsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EventJournalConsumer, EventJournalConsumerDefinition>();
        return bus;
    }
}
