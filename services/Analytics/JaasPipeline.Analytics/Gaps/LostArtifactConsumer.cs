using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>Keeps an artifact the media-artifacts service lost (its link expired first) as a gap of its meeting.</summary>
public sealed class LostArtifactConsumer(
    InboxTransaction inbox, MeetingGapStore store, [FromKeyedServices(MeetingGapWorker.DoorbellKey)] Doorbell gapWorker) : IConsumer<ArtifactLost>
{
    public async Task Consume(ConsumeContext<ArtifactLost> context)
    {
        await store.AddLostAsync(inbox, context.Message);
        gapWorker.Ring();
    }
}
