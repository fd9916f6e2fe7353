using JaasPipeline.Data;
using JaasPipeline.Messaging;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Attendance;

/// <summary>Wires the Attendance module into a host. Its consumers arrive with the service's own issue.</summary>
public static class AttendanceExtensions
{
    /// <summary>The service's name: its queue, its database key.</summary>
    public const string ServiceName = "attendance";

    public static IHostApplicationBuilder AddAttendance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddServiceDatabase(
            ServiceName, builder.Configuration.GetSection("Attendance:Database"), typeof(InboxFilter<>).Assembly);
        return builder;
    }
}
