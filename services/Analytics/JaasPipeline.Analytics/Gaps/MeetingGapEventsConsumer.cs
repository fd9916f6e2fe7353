using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>Keeps what the gap rules read of the JaaS events that open or close a gap; the gap worker's next pass looks at the meeting.</summary>
public sealed class MeetingGapEventsConsumer(InboxTransaction inbox, MeetingGapStore store) :
    IConsumer<RoomCreated>, IConsumer<RoomDestroyed>, IConsumer<ParticipantJoined>, IConsumer<ParticipantLeft>,
    IConsumer<RecordingEnded>, IConsumer<RecordingUploaded>, IConsumer<TranscriptionChunkReceived>, IConsumer<TranscriptionUploaded>
{
    public Task Consume(ConsumeContext<RoomCreated> context) =>
        AppendAsync(context.Message, new GapEvent { EventType = JaasEventTypes.RoomCreated, IsBreakout = context.Message.IsBreakout == true });

    public Task Consume(ConsumeContext<RoomDestroyed> context) =>
        AppendAsync(context.Message, new GapEvent { EventType = JaasEventTypes.RoomDestroyed, IsBreakout = context.Message.IsBreakout == true });

    public Task Consume(ConsumeContext<ParticipantJoined> context) => AppendAsync(context.Message, Presence(JaasEventTypes.ParticipantJoined, context.Message));

    public Task Consume(ConsumeContext<ParticipantLeft> context) => AppendAsync(context.Message, Presence(JaasEventTypes.ParticipantLeft, context.Message));

    public Task Consume(ConsumeContext<RecordingEnded> context) =>
        AppendAsync(context.Message, new GapEvent { EventType = JaasEventTypes.RecordingEnded });

    public Task Consume(ConsumeContext<RecordingUploaded> context) =>
        AppendAsync(context.Message, new GapEvent { EventType = JaasEventTypes.RecordingUploaded, RecordingSessionId = context.Message.RecordingSessionId });

    public Task Consume(ConsumeContext<TranscriptionChunkReceived> context) =>
        AppendAsync(context.Message, new GapEvent { EventType = JaasEventTypes.TranscriptionChunkReceived });

    public Task Consume(ConsumeContext<TranscriptionUploaded> context) =>
        AppendAsync(context.Message, new GapEvent { EventType = JaasEventTypes.TranscriptionUploaded });

    // The event type is the record's, never the payload's own text (as AnalyticsFacts does).
    private Task AppendAsync(JaasEvent message, GapEvent row) => store.AppendEventAsync(inbox, message, row);

    /// <summary>The reference's participantId is the id "used across the whole infrastructure"; the JID or JWT id stand in without it.</summary>
    private static GapEvent Presence(string eventType, ParticipantEvent participant) => new()
    {
        EventType = eventType,
        IsBreakout = participant.IsBreakout == true,
        ParticipantId = new[] { participant.ParticipantId, participant.ParticipantJid, participant.UserId }.FirstOrDefault(id => !string.IsNullOrEmpty(id)),
        ParticipantName = participant.Name,
    };
}
