using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using JaasPipeline.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// What stops a host before it starts, each said in one line: bad settings and SQLite databases that cannot be written
/// (exit 2), and an HTTP port in use (exit 3). All are checked before the host starts, because the host's own start-up failure log ("Hosting failed to start")
/// prints the whole stack trace, and by then the databases have been created and migrated.
/// </summary>
internal static partial class StartupChecks
{
    /// <summary>Runs every <c>ValidateOnStart</c> validation now; false (exit code set, one line per failure) if one fails.</summary>
    public static bool SettingsAreValid(WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception exception) when (BadSettings(exception) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                LogBadSetting(app.Logger, failure);
            }

            Environment.ExitCode = ServiceHost.BadSettingExitCode;
            return false;
        }
    }

    /// <summary>Tries each configured HTTP address; false (exit code set, one line) if another process holds its port.</summary>
    public static bool PortsAreFree(WebApplication app)
    {
        var urls = (app.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (ListenEndPoint(url) is not { Port: > 0 } endPoint)
            {
                continue;
            }

            try
            {
                var probe = new TcpListener(endPoint);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return PortInUse(app, endPoint.Port, url);
            }
            catch (SocketException)
            {
                // Not ours to judge (e.g. an address of another machine): Kestrel says what is wrong with it.
            }
        }

        return true;
    }

    /// <summary>
    /// Creates and write-locks each SQLite database; false (exit code 2, one line each) if one cannot be written, e.g. a
    /// read-only data folder, which would otherwise stop the host in its migrations with a stack trace.
    /// </summary>
    public static bool DatabasesAreWritable(WebApplication app)
    {
        var problems = app.Services.GetServices<ServiceDatabaseName>()
            .Select(database => app.Services.GetRequiredKeyedService<Database>(database.Name).SqliteWriteProblem())
            .OfType<string>()
            .ToList();
        foreach (var problem in problems)
        {
            LogBadSetting(app.Logger, problem);
        }

        if (problems.Count > 0)
        {
            Environment.ExitCode = ServiceHost.BadSettingExitCode;
        }

        return problems.Count == 0;
    }

    /// <summary>Runs the host; a bad setting or a taken port that only shows now is still reported in one line.</summary>
    public static void Run(WebApplication app)
    {
        try
        {
            app.Run();
        }
        catch (Exception exception) when (BadSettings(exception) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                LogBadSetting(app.Logger, failure);
            }

            Environment.ExitCode = ServiceHost.BadSettingExitCode;
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            // Lost a race with another process after PortsAreFree.
            PortInUse(app, 0, exception.Message);
        }
    }

    private static bool PortInUse(WebApplication app, int port, string detail)
    {
        LogPortInUse(app.Logger, port, detail);
        Environment.ExitCode = ServiceHost.PortInUseExitCode;
        return false;
    }

    // Validation failures, and configuration values that cannot be converted to their option's type.
    internal static List<string> BadSettings(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures.Select(WithoutDataAnnotationPreamble)],
        AggregateException all => [.. all.InnerExceptions.SelectMany(BadSettings)],
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [message],
        _ => [],
    };

    // "DataAnnotation validation failed for 'RabbitMqOptions' members: 'Port' with the error: '<message>'." → the message,
    // which already names the key.
    private static string WithoutDataAnnotationPreamble(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<message>.*)'\\.$")]
    private static partial Regex DataAnnotationFailure();

    private static IPEndPoint? ListenEndPoint(string url)
    {
        // Kestrel reads "*", "+" and any host name but localhost as "every interface".
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri))
        {
            return null;
        }

        var address = uri.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip
            : IPAddress.Any;
        return new IPEndPoint(address, uri.Port);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not starting: {Failure}")]
    private static partial void LogBadSetting(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not starting: port {Port} is in use by another process ({Url}); set Urls to a free port")]
    private static partial void LogPortInUse(ILogger logger, int port, string url);
}
