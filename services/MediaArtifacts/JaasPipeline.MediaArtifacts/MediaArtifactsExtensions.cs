using JaasPipeline.Messaging;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.MediaArtifacts;

/// <summary>Wires the MediaArtifacts module into a host. Its consumers arrive with the service's own issue.</summary>
public static class MediaArtifactsExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "media-artifacts";

    public static IHostApplicationBuilder AddMediaArtifacts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConsumerDatabase(ServiceName, builder.Configuration.GetSection("MediaArtifacts:Database"));
        return builder;
    }
}
