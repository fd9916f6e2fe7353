using MassTransit;

namespace JaasPipeline.Attendance.Consumers;

/// <summary>Listens on the attendance queue (retries and the inbox come with every service queue).</summary>
public sealed class RoomLifecycleConsumerDefinition : ConsumerDefinition<RoomLifecycleConsumer>
{
    public RoomLifecycleConsumerDefinition() => EndpointName = AttendanceExtensions.ServiceName;
}
