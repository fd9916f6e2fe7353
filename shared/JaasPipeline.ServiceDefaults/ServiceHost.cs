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
    /// Creates the builder of the host <paramref name="serviceName"/> (its name on <c>/metrics</c>, in the banner and at
    /// <c>GET /</c>). <paramref name="settingSections"/> are the configuration sections of its modules besides the
    /// ones every host reads (<c>Urls</c>, <c>Messaging</c>): what <c>--help</c> prints. With <c>--help</c> the
    /// settings are printed and the process exits 0 before anything else runs; with <c>--probe</c> it asks the running
    /// instance's readiness instead (<see cref="HealthProbe"/>).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string serviceName, params string[] settingSections)
    {
        if (args.Any(arg => HelpOptions.Contains(arg, StringComparer.Ordinal)))
        {
            // The one place a host writes to the console itself: help is for the person at the terminal, not a log.
            Console.Out.Write(SettingsHelp.For(serviceName, settingSections));
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
        builder.AddServiceDefaults(serviceName);
        return builder;
    }
}
