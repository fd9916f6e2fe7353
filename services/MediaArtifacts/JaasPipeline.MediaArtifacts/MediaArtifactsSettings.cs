using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.MediaArtifacts;

/// <summary>What the media-artifacts module binds, for --help and docs/configuration.md (tests hold it to what the module registers).</summary>
public static class MediaArtifactsSettings
{
    public static readonly SettingsModule Module = new(MediaArtifactsExtensions.ServiceName,
    [
        OptionsBinding.Of<DatabaseOptions>("MediaArtifacts:Database"),
        OptionsBinding.Of<MediaArtifactsOptions>(MediaArtifactsOptions.Section),
        // Its consumer database's inbox (AddConsumerDatabase).
        OptionsBinding.Of<InboxRetentionOptions>(MessagingOptions.Section),
    ])
    {
        // Set by the appsettings.json of its own host and of the Standalone.
        Defaults = new Dictionary<string, string> { ["MediaArtifacts:Database:ConnectionString"] = "Data Source=data/media-artifacts.db" },
        HostDefaults = new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:8082" },
    };
}
