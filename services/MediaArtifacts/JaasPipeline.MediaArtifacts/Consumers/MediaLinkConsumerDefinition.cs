using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.MediaArtifacts.Consumers;

/// <summary>Listens on the media-artifacts queue (retries and the inbox come with every service queue).</summary>
public sealed class MediaLinkConsumerDefinition : ConsumerDefinition<MediaLinkConsumer>
{
    public MediaLinkConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = MediaArtifactsExtensions.ServiceName;
            endpoint.PrefetchCount = ServiceQueueSettings.PrefetchCount;
            endpoint.ConcurrentMessageLimit = ServiceQueueSettings.ConcurrentMessageLimit;
        });
    }
}
