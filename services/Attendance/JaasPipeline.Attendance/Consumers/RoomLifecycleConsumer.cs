using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Attendance.Consumers;

/// <summary>Records when the meeting and its breakout rooms were created and destroyed.</summary>
public sealed class RoomLifecycleConsumer(InboxTransaction inbox, AttendanceStore store) : IConsumer<RoomCreated>, IConsumer<RoomDestroyed>
{
    public Task Consume(ConsumeContext<RoomCreated> context) => store.AppendAsync(inbox, AttendanceFacts.Room(context.Message));

    public Task Consume(ConsumeContext<RoomDestroyed> context) => store.AppendAsync(inbox, AttendanceFacts.Room(context.Message));
}
