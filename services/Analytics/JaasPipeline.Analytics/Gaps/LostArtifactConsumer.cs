using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>Keeps an artifact the media-artifacts service lost (its link expired first) as a gap of its meeting.</summary>
public sealed class LostArtifactConsumer(InboxTransaction inbox, MeetingGapStore store) : IConsumer<ArtifactLost>
{
    public Task Consume(ConsumeContext<ArtifactLost> context) => store.AddLostAsync(inbox, context.Message);
}
