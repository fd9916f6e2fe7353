using JaasPipeline.Attendance.Reports;
using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Attendance.Consumers;

/// <summary>Records participants entering and leaving the meeting, its breakout rooms and its lobby.</summary>
public sealed class PresenceConsumer(InboxTransaction inbox, AttendanceStore store) :
    IConsumer<ParticipantJoined>, IConsumer<ParticipantLeft>, IConsumer<ParticipantJoinedLobby>, IConsumer<ParticipantLeftLobby>
{
    public Task Consume(ConsumeContext<ParticipantJoined> context) =>
        store.AppendAsync(inbox, AttendanceFacts.Presence(context.Message, AttendanceFactKind.Joined));

    public Task Consume(ConsumeContext<ParticipantLeft> context) =>
        store.AppendAsync(inbox, AttendanceFacts.Presence(context.Message, AttendanceFactKind.Left, context.Message.DisconnectReason));

    public Task Consume(ConsumeContext<ParticipantJoinedLobby> context) =>
        store.AppendAsync(inbox, AttendanceFacts.Presence(context.Message, AttendanceFactKind.LobbyJoined));

    public Task Consume(ConsumeContext<ParticipantLeftLobby> context) =>
        store.AppendAsync(inbox, AttendanceFacts.Presence(context.Message, AttendanceFactKind.LobbyLeft, context.Message.DisconnectReason));
}
