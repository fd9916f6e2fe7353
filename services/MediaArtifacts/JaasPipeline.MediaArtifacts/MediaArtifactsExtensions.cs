using JaasPipeline.ArtifactStorage;
using JaasPipeline.Data;
using JaasPipeline.MediaArtifacts.Consumers;
using JaasPipeline.MediaArtifacts.Download;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.MediaArtifacts;

/// <summary>Wires the media-artifacts module into a host: options, database, artifact store, media HttpClient, worker, API access.</summary>
public static class MediaArtifactsExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "media-artifacts";

    public static IHostApplicationBuilder AddMediaArtifacts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MediaArtifactsOptions>().Bind(builder.Configuration.GetSection(MediaArtifactsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaArtifactsOptions>, MediaArtifactsOptionsValidator>();
        services.AddConsumerDatabase(ServiceName, builder.Configuration.GetSection("MediaArtifacts:Database"), typeof(MediaArtifactsStore).Assembly);
        services.AddSingleton(sp => new MediaArtifactsStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FileSystemArtifactStore(sp.GetRequiredService<IOptions<MediaArtifactsOptions>>().Value.StorageRoot));
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<FileSystemArtifactStore>());
        services.AddMetrics();
        services.AddSingleton<MediaArtifactsMetrics>();
        services.AddSingleton<MediaLinkPolicy>();
        services.AddSingleton<IStartupBannerLines, MediaArtifactsBannerLines>();
        services.AddSingleton<MediaArtifactsClearing>();
        services.TryAddSingleton<IMediaHostResolver, DnsMediaHostResolver>();
        services.AddSingleton<MediaConnectionGuard>();
        // Wakes the download worker before its next poll (a download finished, a list named screenshots).
        services.AddKeyedSingleton<Doorbell>(ServiceName);
        services.AddSingleton<ArtifactDownloader>();
        services.AddHttpClient(ArtifactDownloader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<MediaArtifactsOptions>>().Value;
                return new SocketsHttpHandler
                {
                    // Every connection goes through the guard; no proxy could connect on our behalf; redirects are
                    // followed by ArtifactDownloader so that each target passes the link rules.
                    ConnectCallback = sp.GetRequiredService<MediaConnectionGuard>().ConnectAsync,
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.None,
                    ConnectTimeout = options.ConnectTimeout,
                };
            })
            // No timeout here: ArtifactDownloader bounds each read (ReadTimeout) and the whole download with its retries
            // (MaxDownloadTime, the link's expiry), and says which one ended it.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The default logging handlers write request URLs, and a pre-authenticated link is a credential.
            .RemoveAllLoggers();
        services.AddHostedService<ArtifactDownloadWorker>();
        services.AddApiAccess(builder.Configuration);
        return builder;
    }

    public static IBusRegistrationConfigurator AddMediaArtifactsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceQueueConsumer<MediaLinkConsumer>(ServiceName);
        return bus;
    }
}
