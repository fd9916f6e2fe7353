using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Attendance.Consumers;

/// <summary>Listens on the attendance queue (retries and the inbox come with every service queue).</summary>
public sealed class PhoneCallConsumerDefinition : ConsumerDefinition<PhoneCallConsumer>
{
    public PhoneCallConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = AttendanceExtensions.ServiceName;
            endpoint.PrefetchCount = ServiceQueueSettings.PrefetchCount;
            endpoint.ConcurrentMessageLimit = ServiceQueueSettings.ConcurrentMessageLimit;
        });
    }
}
