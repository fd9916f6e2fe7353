using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.ServiceDefaults;

/// <summary>Who may read a service's API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public const string KeyHeader = "X-Api-Key";

    /// <summary>Accepted values of the <c>X-Api-Key</c> header. Without any, the API answers loopback callers only.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Accepted keys with a name (<c>Api:NamedKeys:&lt;name&gt;</c>): audit rows name the key that made a change.</summary>
    public Dictionary<string, string> NamedKeys { get; set; } = [];

    /// <summary>Whether any key, named or not, is configured.</summary>
    public bool HasKeys => Keys.Count > 0 || NamedKeys.Count > 0;

    /// <summary>Whether <paramref name="presented"/> is one of the keys (compared in constant time).</summary>
    public bool Accepts(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        return Keys.Concat(NamedKeys.Values).Any(key => CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>The configured name of <paramref name="presented"/>, or null if it is an unnamed key (or none).</summary>
    public string? NameOf(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        return NamedKeys.FirstOrDefault(named => CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(named.Value))).Key;
    }
}

/// <summary>
/// Read APIs serve personal data. Bound to loopback they may be open; anywhere else they need an API key, and a host
/// that would serve them openly on another address refuses to run.
/// </summary>
public static partial class ApiAccess
{
    public static IServiceCollection AddApiAccess(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        // Several modules of one host (the Standalone) ask for it: binding twice would list every key twice.
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<ApiOptions>)))
        {
            return services;
        }

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.Keys.TrueForAll(k => k.Length >= 16), "Api:Keys: every key must be at least 16 characters.")
            .Validate(o => o.NamedKeys.Values.All(k => k.Length >= 16), "Api:NamedKeys: every key must be at least 16 characters.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Requires an API key on these endpoints (or, with no keys configured, a loopback caller and listener).</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(ApiKeyEndpoint.Read).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var access = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
            if (!access.HasKeys)
            {
                return IsLoopback(http.Connection.LocalIpAddress) && IsLoopback(http.Connection.RemoteIpAddress)
                    ? await next(context)
                    : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API closed",
                        detail: "No Api:Keys are configured, so this API answers on loopback only.");
            }

            return access.Accepts(http.Request.Headers[ApiOptions.KeyHeader].ToString())
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
                    detail: $"Send a valid key in the {ApiOptions.KeyHeader} header.");
        });

    /// <summary>
    /// For APIs that change things (or hand out secrets): an API key always, even on loopback; with no keys configured
    /// the API is off and answers 404 naming <paramref name="what"/>.
    /// </summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder endpoints, string what) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.HasKeys
                    ? await next(context)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} off",
                        detail: $"No Api:Keys are configured, so the {what} is off."))
            .RequireApiKey()
            .WithMetadata(ApiKeyEndpoint.Operator);

    /// <summary>Stops the host (exit code 2) if it listens beyond loopback while its API has no keys.</summary>
    public static WebApplication RefuseOpenApiOnPublicBinding(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.HasKeys)
            {
                return;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var open = addresses.Where(address => !IsLoopbackAddress(address)).ToList();
            if (open.Count > 0)
            {
                LogOpenApi(app.Logger, string.Join(", ", open));
                Environment.ExitCode = 2;
                app.Lifetime.StopApplication();
            }
        });
        return app;
    }

    /// <summary>Whether a listening address (as Kestrel reports it; <c>+</c> and <c>*</c> mean every address) is loopback only.</summary>
    public static bool IsLoopbackAddress(string address)
    {
        var host = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not starting: the read API would be open on {Addresses}; set Api:Keys or listen on loopback only")]
    private static partial void LogOpenApi(ILogger logger, string addresses);
}
