using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Attendance.Consumers;

/// <summary>Records moderator grants: who, by whom, when.</summary>
public sealed class RoleChangedConsumer(InboxTransaction inbox, AttendanceStore store) : IConsumer<RoleChanged>
{
    public Task Consume(ConsumeContext<RoleChanged> context) => store.AppendAsync(inbox, AttendanceFacts.Grant(context.Message));
}
