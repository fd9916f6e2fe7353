using JaasPipeline.Console.Services;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Console;

/// <summary>What the console module binds, for --help and docs/configuration.md (tests hold it to what the module registers).</summary>
public static class ConsoleSettings
{
    public static readonly SettingsModule Module = new(ConsoleExtensions.ServiceName,
    [
        OptionsBinding.Of<ConsoleOptions>(ConsoleOptions.Section),
    ])
    {
        OnTheBus = false,
        // The console host alone reaches the separate hosts at their own default ports on this machine (compose sets
        // the services' names); in the Standalone the base URLs stay unset: the console calls the Standalone itself.
        HostDefaults = new Dictionary<string, string>
        {
            ["Urls"] = "http://0.0.0.0:8085",
            ["Console:Services:Ingress:BaseUrl"] = "http://127.0.0.1:8080",
            ["Console:Services:Attendance:BaseUrl"] = "http://127.0.0.1:8081",
            ["Console:Services:MediaArtifacts:BaseUrl"] = "http://127.0.0.1:8082",
            ["Console:Services:Transcription:BaseUrl"] = "http://127.0.0.1:8083",
            ["Console:Services:Analytics:BaseUrl"] = "http://127.0.0.1:8084",
        },
    };
}
