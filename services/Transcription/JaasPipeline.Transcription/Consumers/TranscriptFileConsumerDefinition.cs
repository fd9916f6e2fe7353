using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Transcription.Consumers;

/// <summary>Listens on the transcription queue (retries and the inbox come with every service queue).</summary>
public sealed class TranscriptFileConsumerDefinition : ConsumerDefinition<TranscriptFileConsumer>
{
    public TranscriptFileConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = TranscriptionExtensions.ServiceName;
            endpoint.PrefetchCount = ServiceQueueSettings.PrefetchCount;
            endpoint.ConcurrentMessageLimit = ServiceQueueSettings.ConcurrentMessageLimit;
        });
    }
}
