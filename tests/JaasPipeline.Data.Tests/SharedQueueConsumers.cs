using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>Like the analytics journal: takes every JaaS event from the probe queue.</summary>
public sealed class JournalProbeConsumer(InboxTransaction inbox) : IConsumer<IJaasEvent>
{
    public Task Consume(ConsumeContext<IJaasEvent> context) => SharedQueueEffects.WriteAsync(inbox, nameof(JournalProbeConsumer), context);
}

/// <summary>
/// Takes SPEAKER_STATS from the same queue. A session id starting <c>fail-once</c> makes its first attempt throw after
/// writing, so the whole delivery is retried (the journal consumer sees it again).
/// </summary>
public sealed class SpeakerStatsProbeConsumer(InboxTransaction inbox, ProbeAttempts attempts) : IConsumer<SpeakerStatsReported>
{
    public async Task Consume(ConsumeContext<SpeakerStatsReported> context)
    {
        await SharedQueueEffects.WriteAsync(inbox, nameof(SpeakerStatsProbeConsumer), context);
        if (attempts.Start(context.MessageId!.Value) == 1 && context.Message.SessionId.StartsWith("fail-once", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("First attempt fails on purpose, after writing.");
        }
    }
}

/// <summary>Both consumers listen on the probe's queue, registered with plain AddConsumer.</summary>
public sealed class JournalProbeConsumerDefinition : ConsumerDefinition<JournalProbeConsumer>
{
    public JournalProbeConsumerDefinition() => EndpointName = InboxProbeConsumerDefinition.Queue;
}

/// <inheritdoc cref="JournalProbeConsumerDefinition"/>
public sealed class SpeakerStatsProbeConsumerDefinition : ConsumerDefinition<SpeakerStatsProbeConsumer>
{
    public SpeakerStatsProbeConsumerDefinition() => EndpointName = InboxProbeConsumerDefinition.Queue;
}

internal static class SharedQueueEffects
{
    public const string Insert = "INSERT INTO shared_queue_effects (consumer, message_id) VALUES (@Consumer, @MessageId)";

    public static Task WriteAsync(InboxTransaction inbox, string consumer, ConsumeContext context) =>
        inbox.Connection.ExecuteAsync(Insert, new { Consumer = consumer, MessageId = context.MessageId?.ToString() }, inbox.Transaction);
}
