using JaasPipeline.Attendance.Consumers;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Attendance;

/// <summary>Wires the attendance module into a host: database, store, read API access, consumers.</summary>
public static class AttendanceExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "attendance";

    public static IHostApplicationBuilder AddAttendance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConsumerDatabase(ServiceName, builder.Configuration.GetSection("Attendance:Database"), typeof(AttendanceStore).Assembly);
        builder.Services.AddSingleton(sp => new AttendanceStore(sp.GetRequiredKeyedService<Database>(ServiceName)));
        builder.Services.AddApiAccess(builder.Configuration);
        return builder;
    }

    public static IBusRegistrationConfigurator AddAttendanceConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddServiceQueueConsumer<RoomLifecycleConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<PresenceConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<PhoneCallConsumer>(ServiceName);
        bus.AddServiceQueueConsumer<RoleChangedConsumer>(ServiceName);
        return bus;
    }
}
