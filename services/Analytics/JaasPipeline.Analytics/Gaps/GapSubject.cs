using System.Collections.Frozen;
using JaasPipeline.Contracts;
using MassTransit;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// What the gap rules read of one event besides its type and time: the room's kind, the participant, the recording.
/// Kept in the event's journal row (migration 0007), which the analytics service writes for every event anyway.
/// </summary>
public sealed record GapSubject(bool IsBreakout = false, string? ParticipantId = null, string? ParticipantName = null, string? RecordingSessionId = null)
{
    /// <summary>The event types the gap rules read. No other event can change a meeting's gaps.</summary>
    public static readonly FrozenSet<string> EventTypes = FrozenSet.Create(
        JaasEventTypes.RoomCreated, JaasEventTypes.RoomDestroyed, JaasEventTypes.ParticipantJoined, JaasEventTypes.ParticipantLeft,
        JaasEventTypes.RecordingEnded, JaasEventTypes.RecordingUploaded, JaasEventTypes.TranscriptionChunkReceived,
        JaasEventTypes.TranscriptionUploaded);

    /// <summary>
    /// The subject of an event the gap rules read, or null for one they do not. The journal's consumer takes every event
    /// as <see cref="IJaasEvent"/>, which carries none of these fields: the few types that have them are read as their
    /// own record (MassTransit deserializes a message once per type a consumer asks for).
    /// </summary>
    public static GapSubject? Of(ConsumeContext<IJaasEvent> context) => context.Message.EventType switch
    {
        JaasEventTypes.RoomCreated => context.TryGetMessage<RoomCreated>(out var room) ? new(room.Message.IsBreakout == true) : new(),
        JaasEventTypes.RoomDestroyed => context.TryGetMessage<RoomDestroyed>(out var room) ? new(room.Message.IsBreakout == true) : new(),
        JaasEventTypes.ParticipantJoined => context.TryGetMessage<ParticipantJoined>(out var joined) ? Presence(joined.Message) : new(),
        JaasEventTypes.ParticipantLeft => context.TryGetMessage<ParticipantLeft>(out var left) ? Presence(left.Message) : new(),
        JaasEventTypes.RecordingUploaded => context.TryGetMessage<RecordingUploaded>(out var uploaded)
            ? new(RecordingSessionId: uploaded.Message.RecordingSessionId)
            : new(),
        var type when EventTypes.Contains(type) => new(),
        _ => null,
    };

    /// <summary>The reference's participantId is the id "used across the whole infrastructure"; the JID or JWT id stand in without it.</summary>
    private static GapSubject Presence(ParticipantEvent participant) => new(
        participant.IsBreakout == true,
        new[] { participant.ParticipantId, participant.ParticipantJid, participant.UserId }.FirstOrDefault(id => !string.IsNullOrEmpty(id)),
        participant.Name);
}
