using JaasPipeline.Analytics;
using JaasPipeline.Attendance;
using JaasPipeline.Console;
using JaasPipeline.Ingress;
using JaasPipeline.MediaArtifacts;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Transcription;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Standalone.Tests.Settings;

/// <summary>Every host of the repository, composed in process as its Program.cs composes it (nothing is started).</summary>
internal static class HostComposition
{
    private static readonly Dictionary<string, Action<IHostApplicationBuilder>> AddModule = new(StringComparer.Ordinal)
    {
        [IngressExtensions.ServiceName] = builder => builder.AddIngress(),
        [AttendanceExtensions.ServiceName] = builder => builder.AddAttendance(),
        [MediaArtifactsExtensions.ServiceName] = builder => builder.AddMediaArtifacts(),
        [TranscriptionExtensions.ServiceName] = builder => builder.AddTranscription(),
        [AnalyticsExtensions.ServiceName] = builder => builder.AddAnalytics(),
        [ConsoleExtensions.ServiceName] = builder => builder.AddPipelineConsole(),
    };

    /// <summary>Each service's own host, then the Standalone: the hosts docs/configuration.md describes.</summary>
    public static IReadOnlyList<HostDefinition> Hosts => ServiceHost.DocumentedHosts(StandaloneHost.Definition);

    /// <summary>The services <paramref name="host"/> registers, configured from <paramref name="settings"/> only.</summary>
    public static WebApplicationBuilder Compose(HostDefinition host, IDictionary<string, string?> settings)
    {
        // Empty: no appsettings.json, no environment variables of the test run.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults(host.Name);
        foreach (var module in host.Modules)
        {
            AddModule[module.Host](builder);
        }

        // As each Program.cs: the console host alone is not on the bus.
        if (host.Modules.Any(module => module.OnTheBus))
        {
            builder.Services.AddJaasMessaging(builder.Configuration);
        }

        return builder;
    }
}
