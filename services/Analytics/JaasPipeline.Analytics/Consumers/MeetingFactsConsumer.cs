using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics.Consumers;

/// <summary>Keeps every engagement event as received; the report derives its figures on read.</summary>
public sealed class MeetingFactsConsumer(InboxTransaction inbox, AnalyticsStore store) :
    IConsumer<SpeakerStatsReported>, IConsumer<ReactionsSent>, IConsumer<ReactionsAggregated>, IConsumer<PollCreated>,
    IConsumer<PollAnswered>, IConsumer<FeedbackSubmitted>, IConsumer<RecordingStarted>, IConsumer<RecordingEnded>,
    IConsumer<LiveStreamStarted>, IConsumer<LiveStreamEnded>
{
    public Task Consume(ConsumeContext<SpeakerStatsReported> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<ReactionsSent> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<ReactionsAggregated> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<PollCreated> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<PollAnswered> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<FeedbackSubmitted> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<RecordingStarted> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<RecordingEnded> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<LiveStreamStarted> context) => store.AppendFactAsync(inbox, context.Message);

    public Task Consume(ConsumeContext<LiveStreamEnded> context) => store.AppendFactAsync(inbox, context.Message);
}
