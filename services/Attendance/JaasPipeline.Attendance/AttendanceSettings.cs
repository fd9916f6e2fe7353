using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Attendance;

/// <summary>What the attendance module binds, for --help and docs/configuration.md (tests hold it to what the module registers).</summary>
public static class AttendanceSettings
{
    public static readonly SettingsModule Module = new(AttendanceExtensions.ServiceName,
    [
        OptionsBinding.Of<DatabaseOptions>("Attendance:Database"),
        // Its consumer database's inbox (AddConsumerDatabase).
        OptionsBinding.Of<InboxRetentionOptions>(MessagingOptions.Section),
    ])
    {
        // Set by the appsettings.json of its own host and of the Standalone.
        Defaults = new Dictionary<string, string> { ["Attendance:Database:ConnectionString"] = "Data Source=data/attendance.db" },
        HostDefaults = new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:8081" },
    };
}
