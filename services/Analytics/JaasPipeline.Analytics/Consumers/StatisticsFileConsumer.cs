using JaasPipeline.Analytics.Quality;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Analytics.Consumers;

/// <summary>
/// Notes a stored statistics file as pending. Reading a multi-megabyte file takes far longer than a message's turn in
/// the inbox's commit group, so <see cref="CallQualityWorker"/> summarizes it outside the consumer.
/// </summary>
public sealed class StatisticsFileConsumer(InboxTransaction inbox, CallQualityStore store, [FromKeyedServices(AnalyticsExtensions.ServiceName)] Doorbell callQualityWorker) : IConsumer<ArtifactStored>
{
    public async Task Consume(ConsumeContext<ArtifactStored> context)
    {
        if (context.Message.Kind != ArtifactKinds.RtcStats)
        {
            return;
        }

        await store.AddPendingAsync(inbox, context.Message);
        // The row commits with the inbox; a worker woken before that finds nothing and picks it up on its next poll.
        callQualityWorker.Ring();
    }
}
