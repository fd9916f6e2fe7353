using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.Console;
using JaasPipeline.Ingress;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Transcription;

namespace JaasPipeline.Standalone;

/// <summary>The Standalone's settings: every module's, with the defaults of its appsettings.json (the embedded default).</summary>
public static class StandaloneHost
{
    public static readonly HostDefinition Definition = new(
        "standalone",
        [IngressSettings.Module, AttendanceSettings.Module, MediaArtifactsSettings.Module, TranscriptionSettings.Module, AnalyticsSettings.Module, ConsoleSettings.Module],
        new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:5080",
            ["Messaging:Transport"] = "InMemory",
            ["Ingress:AllowUnsigned"] = "true",
            ["Logging:Console:FormatterName"] = "simple",
        });
}
