using Microsoft.AspNetCore.Builder;

namespace JaasPipeline.ServiceDefaults;

/// <summary>How every JaasPipeline host starts: <c>--help</c>, its settings beside the executable, the shared defaults.</summary>
public static class ServiceHost
{
    /// <summary>Exit code of a host stopped by a bad setting (one line per bad setting is printed).</summary>
    public const int BadSettingExitCode = 2;

    /// <summary>Exit code of a host whose HTTP port is taken by another process.</summary>
    public const int PortInUseExitCode = 3;

    private static readonly string[] HelpOptions = ["--help", "-h", "-?"];

    /// <summary>
    /// Creates the builder of <paramref name="host"/> (its name on <c>/metrics</c>, in the banner and at <c>GET /</c>).
    /// With <c>--help</c> the settings it reads (its modules' and the ones every host reads) are printed and the process
    /// exits 0 before anything else runs; <c>--help-markdown</c> prints docs/configuration.md for this host and each of
    /// its modules' own hosts (the Standalone's is the whole document); with <c>--probe</c> it asks the running
    /// instance's readiness instead (<see cref="HealthProbe"/>).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, HostDefinition host)
    {
        if (args.Any(arg => HelpOptions.Contains(arg, StringComparer.Ordinal)))
        {
            // The one place a host writes to the console itself: help is for the person at the terminal, not a log.
            Console.Out.Write(SettingsHelp.For(host));
            Environment.Exit(0);
        }

        if (args.Contains(SettingsDocument.Option, StringComparer.Ordinal))
        {
            Console.Out.Write(SettingsDocument.Write(DocumentedHosts(host)));
            Environment.Exit(0);
        }

        if (args.Contains(HealthProbe.Option, StringComparer.Ordinal))
        {
            Environment.Exit(HealthProbe.Run(args));
        }

        // A value that cannot be converted to its option's type (Messaging:Transport=Carrier) can fail while the modules
        // are added, before any logger exists: say it in one line too, not as an unhandled exception (exit 134).
        AppDomain.CurrentDomain.UnhandledException += (_, unhandled) =>
        {
            if (unhandled.ExceptionObject is Exception exception && StartupChecks.BadSettings(exception) is { Count: > 0 } failures)
            {
                foreach (var failure in failures)
                {
                    Console.Error.WriteLine($"crit: Not starting: {failure}");
                }

                Environment.Exit(BadSettingExitCode);
            }
        };

        // appsettings.json is read from beside the executable, so `dotnet run --project …` finds it from any folder;
        // relative SQLite paths (data/…) stay relative to the folder the command was run in.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddServiceDefaults(host.Name);
        return builder;
    }

    /// <summary>The hosts docs/configuration.md describes from <paramref name="host"/>: each module's own host, then it.</summary>
    public static IReadOnlyList<HostDefinition> DocumentedHosts(HostDefinition host) =>
        host.Modules.Count == 1 ? [host] : [.. host.Modules.Select(HostDefinition.Alone), host];
}
