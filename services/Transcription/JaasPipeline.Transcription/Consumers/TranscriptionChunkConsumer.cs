using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Transcription.Consumers;

/// <summary>Stores each final phrase of a meeting once per messageID, whatever the order or number of its deliveries.</summary>
public sealed class TranscriptionChunkConsumer(InboxTransaction inbox, TranscriptStore store, TranscriptionMetrics metrics) : IConsumer<TranscriptionChunkReceived>
{
    public async Task Consume(ConsumeContext<TranscriptionChunkReceived> context)
    {
        var chunk = context.Message;
        var segment = new TranscriptSegment
        {
            SessionId = chunk.SessionId,
            Fqn = chunk.Fqn,
            // docs/jaas-reference.md, Transcription chunks: messageID is the phrase's unique id; a chunk without one is still one phrase, its delivery's.
            MessageId = string.IsNullOrEmpty(chunk.MessageId) ? chunk.IdempotencyKey : chunk.MessageId,
            Timestamp = chunk.Timestamp,
            ParticipantId = chunk.Participant?.ParticipantId,
            Name = chunk.Participant?.Name,
            UserId = chunk.Participant?.UserId,
            Email = chunk.Participant?.Email,
            Language = chunk.Language,
            Text = chunk.Final ?? "",
            IdempotencyKey = chunk.IdempotencyKey,
        };

        var stored = await store.AppendSegmentAsync(inbox, segment);
        (stored ? metrics.Segments : metrics.ResentSegments).Add(1);
    }
}
