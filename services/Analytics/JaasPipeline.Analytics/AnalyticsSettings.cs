using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Analytics;

/// <summary>What the analytics module binds, for --help and docs/configuration.md (tests hold it to what the module registers).</summary>
public static class AnalyticsSettings
{
    public static readonly SettingsModule Module = new(AnalyticsExtensions.ServiceName,
    [
        OptionsBinding.Of<DatabaseOptions>("Analytics:Database"),
        OptionsBinding.Of<AnalyticsOptions>(AnalyticsOptions.Section),
        // Its consumer database's inbox (AddConsumerDatabase).
        OptionsBinding.Of<InboxRetentionOptions>(MessagingOptions.Section),
    ])
    {
        // Set by the appsettings.json of its own host and of the Standalone.
        Defaults = new Dictionary<string, string> { ["Analytics:Database:ConnectionString"] = "Data Source=data/analytics.db" },
        HostDefaults = new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:8084" },
    };
}
