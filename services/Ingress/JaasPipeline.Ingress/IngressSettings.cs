using JaasPipeline.Data;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Ingress;

/// <summary>What the ingress module binds, for --help and docs/configuration.md (tests hold it to what the module registers).</summary>
public static class IngressSettings
{
    public static readonly SettingsModule Module = new(IngressExtensions.ServiceName,
    [
        OptionsBinding.Of<DatabaseOptions>($"{IngressOptions.Section}:Database"),
        OptionsBinding.Of<IngressOptions>(IngressOptions.Section),
        OptionsBinding.Of<IngressRetentionOptions>(IngressOptions.Section),
        OptionsBinding.Of<SettingsProvisioningOptions>(SettingsProvisioningOptions.Section),
    ])
    {
        // Set by the appsettings.json of its own host and of the Standalone.
        Defaults = new Dictionary<string, string> { [$"{IngressOptions.Section}:Database:ConnectionString"] = "Data Source=data/ingress.db" },
        HostDefaults = new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:8080" },
    };
}
