using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// <c>--probe</c>: the host binary asks its own running instance for <c>/health/ready</c> on loopback and exits 0 (200) or
/// 1 (anything else, or no answer within 5 s). It is the container health check: the aspnet images have no curl or wget.
/// </summary>
public static partial class HealthProbe
{
    /// <summary>The command-line option that runs the probe instead of the host.</summary>
    public const string Option = "--probe";

    public const int Ready = 0;
    public const int NotReady = 1;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads <c>Urls</c> the way the host does (appsettings.json beside the executable, environment variables, the
    /// other arguments), takes its first address, asks it on loopback and returns the exit code.
    /// </summary>
    public static int Run(string[] args)
    {
        var hostArgs = args.Where(arg => arg != Option).ToArray();
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(hostArgs)
            .Build();
        var urls = configuration["urls"] ?? "http://127.0.0.1:8080";
        var target = LoopbackReadiness(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);

        // The one other place a host writes to the console itself: the container runtime keeps this line in its health log.
        try
        {
            using var client = new HttpClient { Timeout = Timeout };
            using var response = client.GetAsync(target).GetAwaiter().GetResult();
            Console.Out.WriteLine($"{target}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? Ready : NotReady;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Console.Out.WriteLine($"{target}: no answer ({exception.Message})");
            return NotReady;
        }
    }

    /// <summary>
    /// The readiness address of a listening URL, with a wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>,
    /// <c>*</c>, <c>localhost</c>) replaced by 127.0.0.1 (or [::1] for <c>[::]</c>).
    /// </summary>
    public static Uri LoopbackReadiness(string url)
    {
        var match = ListenUrl().Match(url);
        if (!match.Success)
        {
            throw new ArgumentException($"Urls: '{url}' is not an http(s)://host:port address.", nameof(url));
        }

        var host = match.Groups["host"].Value switch
        {
            "0.0.0.0" or "+" or "*" or "localhost" => "127.0.0.1",
            "[::]" => "[::1]",
            var named => named,
        };
        var port = match.Groups["port"].Success ? ":" + match.Groups["port"].Value : "";
        return new Uri($"{match.Groups["scheme"].Value}://{host}{port}/health/ready");
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]+)(:(?<port>\d+))?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ListenUrl();
}
