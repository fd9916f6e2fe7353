using System.CommandLine;

namespace JaasPipeline.Operations;

/// <summary>
/// Which API key a tool sends to which service (docs/api.md §1): <c>--api-key</c> (env <c>JAAS_API_KEY</c>), the operator
/// key, for every service, and <c>--api-key-for &lt;service&gt;=&lt;key&gt;</c> (env <c>JAAS_API_KEY_&lt;SERVICE&gt;</c>)
/// for one. The most specific key wins (a service's own key over the operator key), and for one kind the command line
/// wins over the environment.
/// </summary>
/// <remarks>
/// It lives in jaas-ops, the operator's tool, and the simulator and the benchmark reference this project for it: they
/// are tools of the same operator that already reference service projects (the ingress), while jaas-ops references
/// nothing, so no service comes to depend on a test project, and there is one copy of the options, their parsing and the
/// rule of which key wins. The environment is read when a key is needed, never as an option's default value: System.CommandLine
/// prints default values in --help, which would show a key in clear.
/// </remarks>
public sealed class ServiceKeys
{
    public const string Ingress = "ingress";
    public const string OperatorKeyVariable = "JAAS_API_KEY";

    /// <summary>The services a tool may hold a key of.</summary>
    public static readonly IReadOnlyList<string> Services = [Ingress, "attendance", "media-artifacts", "transcription", "analytics"];

    private readonly (string Key, string Source)? operatorKey;
    private readonly Dictionary<string, (string Key, string Source)> serviceKeys;

    private ServiceKeys((string, string)? operatorKey, Dictionary<string, (string, string)> serviceKeys)
    {
        this.operatorKey = operatorKey;
        this.serviceKeys = serviceKeys;
    }

    /// <summary>No key at all: what a tool without key options (or with none given) sends.</summary>
    public static ServiceKeys None { get; } = new(null, []);

    /// <summary>Whether any key, for every service or for one, was given.</summary>
    public bool Any => operatorKey is not null || serviceKeys.Count > 0;

    /// <summary>Whether some service has a key of its own (then a key depends on which service a URL is).</summary>
    public bool HasServiceKeys => serviceKeys.Count > 0;

    /// <summary><c>--api-key</c>: the operator key, for every service.</summary>
    public static Option<string?> ApiKeyOption(bool recursive = false) => new("--api-key")
    {
        Description = $"The operator key (one of the services' Api:Keys), sent as X-Api-Key to every service without a key of its own (env {OperatorKeyVariable})",
        Recursive = recursive,
    };

    /// <summary><c>--api-key-for service=key</c>, repeatable: one service's key.</summary>
    public static Option<string[]> ApiKeyForOption(bool recursive = false) => new("--api-key-for")
    {
        Description = $"<service>=<key>: the key for one service ({string.Join(", ", Services)}), e.g. that team's read key; " +
                      $"overrides --api-key there; repeatable (env {VariableFor("<SERVICE>")}, e.g. {VariableFor("media-artifacts")})",
        Recursive = recursive,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The environment variable of <paramref name="service"/>'s key: <c>JAAS_API_KEY_MEDIA_ARTIFACTS</c>.</summary>
    public static string VariableFor(string service) => $"{OperatorKeyVariable}_{service.ToUpperInvariant().Replace('-', '_')}";

    /// <summary>
    /// The keys given on the command line and in the environment (<paramref name="environment"/>; default the process's).
    /// False with one line naming what is wrong (never a key's value) for a malformed <c>--api-key-for</c>.
    /// </summary>
    public static bool TryRead(string? apiKey, IEnumerable<string>? apiKeyFor, out ServiceKeys keys, out string? refusal, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var perService = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var service in Services)
        {
            if (environment(VariableFor(service)) is { Length: > 0 } ownKey)
            {
                perService[service] = (ownKey, VariableFor(service));
            }
        }

        foreach (var value in apiKeyFor ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var service = equals > 0 ? value[..equals] : "";
            if (!Services.Contains(service) || equals == value.Length - 1)
            {
                keys = None;
                // The part before '=' only: the rest may be a key.
                refusal = $"--api-key-for '{(equals > 0 ? service + "=…" : "…")}': give <service>=<key>, the service one of {string.Join(", ", Services)}";
                return false;
            }

            perService[service] = (value[(equals + 1)..], "--api-key-for " + service);
        }

        (string, string)? general = apiKey is { Length: > 0 } ? (apiKey, "--api-key")
            : environment(OperatorKeyVariable) is { Length: > 0 } fromEnvironment ? (fromEnvironment, OperatorKeyVariable)
            : null;
        keys = new ServiceKeys(general, perService);
        refusal = null;
        return true;
    }

    /// <summary>The key to send to <paramref name="service"/> (one of <see cref="Services"/>, or another host's name: the operator key), or null.</summary>
    public string? For(string service) => Find(service)?.Key;

    /// <summary>Where the key for <paramref name="service"/> came from (<c>--api-key-for ingress</c>, <c>JAAS_API_KEY</c> …), never its value.</summary>
    public string? SourceOf(string service) => Find(service)?.Source;

    /// <summary>What to give when <paramref name="service"/> has no key: one line for the user.</summary>
    public static string Missing(string service) =>
        $"no API key for {service}: give --api-key (env {OperatorKeyVariable}), the operator key, or --api-key-for {service}=<key> (env {VariableFor(service)})";

    private (string Key, string Source)? Find(string service) =>
        serviceKeys.TryGetValue(service, out var own) ? own : operatorKey;
}
