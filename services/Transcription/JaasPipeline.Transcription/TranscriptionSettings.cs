using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Transcription;

/// <summary>What the transcription module binds, for --help and docs/configuration.md (tests hold it to what the module registers).</summary>
public static class TranscriptionSettings
{
    public static readonly SettingsModule Module = new(TranscriptionExtensions.ServiceName,
    [
        OptionsBinding.Of<DatabaseOptions>("Transcription:Database"),
        // Its consumer database's inbox (AddConsumerDatabase).
        OptionsBinding.Of<InboxRetentionOptions>(MessagingOptions.Section),
    ])
    {
        // Set by the appsettings.json of its own host and of the Standalone.
        Defaults = new Dictionary<string, string> { ["Transcription:Database:ConnectionString"] = "Data Source=data/transcription.db" },
        HostDefaults = new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:8083" },
    };
}
