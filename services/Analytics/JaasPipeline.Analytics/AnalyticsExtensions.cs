using JaasPipeline.Analytics.Consumers;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Analytics.Quality;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Analytics;

/// <summary>Wires the analytics module into a host: database, stores, artifact store, call-quality and gap workers, read API access, consumers.</summary>
public static class AnalyticsExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "analytics";

    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConsumerDatabase(ServiceName, builder.Configuration.GetSection("Analytics:Database"), typeof(EventJournalConsumer).Assembly);
        builder.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, AnalyticsOptionsValidator>());
        builder.Services.AddSingleton(sp => new AnalyticsStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        builder.Services.AddSingleton(sp => new CallQualityStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        // The same folder the media-artifacts service writes in (in the Standalone both register the same root).
        builder.Services.TryAddSingleton<IArtifactStore>(sp =>
            new FileSystemArtifactStore(sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value.ArtifactStorageRoot));
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<AnalyticsMetrics>();
        // Wakes the call-quality worker when a statistics file has been noted, so it need not wait for its next poll.
        builder.Services.AddKeyedSingleton<Doorbell>(ServiceName);
        builder.Services.AddHostedService<CallQualityWorker>();
        // Meeting completeness: the gap worker keeps the record of each meeting's gaps, polled (see MeetingGapWorker).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new MeetingGapStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        builder.Services.AddSingleton<MeetingGapReader>();
        builder.Services.AddHostedService<MeetingGapWorker>();
        builder.Services.AddApiAccess(builder.Configuration);
        return builder;
    }

    public static IBusRegistrationConfigurator AddAnalyticsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceQueueConsumer<EventJournalConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<MeetingFactsConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<UsageConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<StatisticsFileConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<LostArtifactConsumer>(ServiceName);
        return bus;
    }
}
