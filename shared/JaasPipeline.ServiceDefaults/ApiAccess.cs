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

/// <summary>
/// Who may call a host's APIs (section <c>Api</c>; docs/api.md §1): operator keys (<c>Api:Keys</c>,
/// <c>Api:NamedKeys</c>) open every API, read keys (<c>Api:ReadKeys</c>) open the read APIs only.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public const string KeyHeader = "X-Api-Key";

    /// <summary>Operator keys: accepted values of the <c>X-Api-Key</c> header for every read and admin API.</summary>
    [System.ComponentModel.Description("Operator keys (a list, each at least 16 characters), sent as X-Api-Key: every read API and every admin API of the host. Without an operator key the admin APIs are off.")]
    public List<string> Keys { get; set; } = [];

    /// <summary>Operator keys with a name (<c>Api:NamedKeys:&lt;name&gt;</c>): audit rows name the key that made a change.</summary>
    [System.ComponentModel.Description("Operator keys with a name (Api:NamedKeys:<name>), at least 16 characters: the same as Api:Keys, and changes they make are audited under <name>.")]
    public Dictionary<string, string> NamedKeys { get; set; } = [];

    /// <summary>Read keys (a team's): the read APIs of the host only; an admin API answers them 403.</summary>
    [System.ComponentModel.Description("Read keys (a list, each at least 16 characters), e.g. one per team: the read APIs of this host only; an admin API answers them 403.")]
    public List<string> ReadKeys { get; set; } = [];

    /// <summary>Whether any operator key, named or not, is configured: without one the admin APIs are off.</summary>
    public bool HasOperatorKeys => Keys.Count > 0 || NamedKeys.Count > 0;

    /// <summary>Whether any key of either kind is configured: without one the read APIs answer loopback only.</summary>
    public bool HasKeys => HasOperatorKeys || ReadKeys.Count > 0;

    /// <summary>Whether <paramref name="presented"/> is an operator key (compared in constant time).</summary>
    public bool Accepts(string presented) => AnyEquals(Keys.Concat(NamedKeys.Values), presented);

    /// <summary>Whether <paramref name="presented"/> is a read key (compared in constant time).</summary>
    public bool AcceptsForReading(string presented) => AnyEquals(ReadKeys, presented);

    /// <summary>The configured name of <paramref name="presented"/>, or null if it is an unnamed key (or none).</summary>
    public string? NameOf(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        return NamedKeys.FirstOrDefault(named => CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(named.Value))).Key;
    }

    // Every key is compared (no early exit), so the time taken says nothing about which key, if any, matched.
    private static bool AnyEquals(IEnumerable<string> keys, string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        var found = false;
        foreach (var key in keys)
        {
            found |= CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(key));
        }

        return found;
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
            .Validate(o => o.ReadKeys.TrueForAll(k => k.Length >= 16), "Api:ReadKeys: every key must be at least 16 characters.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Requires an operator or a read key on these endpoints (or, with no key of either kind configured, a loopback
    /// caller and listener).
    /// </summary>
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
                        detail: "No Api:Keys or Api:ReadKeys are configured, so this API answers on loopback only.");
            }

            var presented = http.Request.Headers[ApiOptions.KeyHeader].ToString();
            // Both compared, always: which list a key is in must not show in the time taken.
            return access.Accepts(presented) | access.AcceptsForReading(presented)
                ? await next(context)
                : KeyRequired();
        });

    /// <summary>
    /// For APIs that change things (or hand out secrets): an operator key always, even on loopback. With no operator key
    /// configured the API is off and answers 404 naming <paramref name="what"/>; a read key is answered 403.
    /// </summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder endpoints, string what) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
                AdminRefusal(context.HttpContext, what) ?? await next(context))
            .RequireApiKey()
            .WithMetadata(ApiKeyEndpoint.Operator);

    // Runs before RequireApiKey's filter, which then answers 401 to a missing or unknown key.
    private static IResult? AdminRefusal(HttpContext http, string what)
    {
        var access = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        if (!access.HasOperatorKeys)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} off",
                detail: $"No operator key (Api:Keys or Api:NamedKeys) is configured, so the {what} is off.");
        }

        var presented = http.Request.Headers[ApiOptions.KeyHeader].ToString();
        // Both compared, always: which list a key is in must not show in the time taken.
        return !access.Accepts(presented) & access.AcceptsForReading(presented)
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Operator key required",
                detail: $"This is a read key (Api:ReadKeys); the {what} needs an operator key (Api:Keys or Api:NamedKeys).")
            : null;
    }

    private static IResult KeyRequired() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required",
            detail: $"Send a valid key in the {ApiOptions.KeyHeader} header.");

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

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not starting: the read API would be open on {Addresses}; set Api:Keys or Api:ReadKeys, or listen on loopback only")]
    private static partial void LogOpenApi(ILogger logger, string addresses);
}
