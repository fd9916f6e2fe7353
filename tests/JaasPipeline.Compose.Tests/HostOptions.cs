using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Compose.Tests;

/// <summary>
/// The options one host reads, as its <c>--help</c> lists them (generated from the host's options classes, which the
/// Standalone tests hold to what each host binds).
/// </summary>
public sealed partial class HostOptions
{
    private readonly List<Regex> keys;

    private HostOptions(List<Regex> keys) => this.keys = keys;

    /// <summary>Runs the built host of <c>services/<paramref name="module"/></c> with <c>--help</c> and reads its keys.</summary>
    public static async Task<HostOptions> OfAsync(string module)
    {
        var dll = ServiceProcess.HostDll($"services/{module}/JaasPipeline.{module}.Host", $"JaasPipeline.{module}.Host");
        using var folder = new TempFolder("compose-help");
        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(dll, folder.Path, new Dictionary<string, string>(), "--help");
        Assert.That(exitCode, Is.Zero, $"{module} --help:\n{string.Join('\n', lines)}");
        return Parse(lines);
    }

    /// <summary>
    /// Key lines of the help text: the key, then its type (<c>Ingress:MaxBodyBytes  (integer)</c>), followed by the
    /// default line; <c>&lt;name&gt;</c> in a key (<c>Api:NamedKeys:&lt;name&gt;</c>) stands for any name.
    /// </summary>
    public static HostOptions Parse(IEnumerable<string> helpLines)
    {
        var lines = helpLines.ToList();
        // The runner trims the lines' indentation.
        var keys = lines.Where((_, index) => index + 1 < lines.Count && lines[index + 1].TrimStart().StartsWith("default:", StringComparison.Ordinal))
            .Select(line => line.Trim().Split(' ')[0])
            .Select(key => new Regex($"^{Regex.Escape(key).Replace("<name>", "[^:]+", StringComparison.Ordinal)}$", RegexOptions.IgnoreCase))
            .ToList();
        return new HostOptions(keys);
    }

    /// <summary>
    /// Whether the environment variable <paramref name="variable"/> (<c>Section__Key</c>, lists as <c>Key__0</c>) sets
    /// one of these options.
    /// </summary>
    public bool Reads(string variable)
    {
        var key = ListIndex().Replace(variable.Replace("__", ":", StringComparison.Ordinal), "");
        return keys.Any(pattern => pattern.IsMatch(key));
    }

    public int Count => keys.Count;

    [GeneratedRegex(@":\d+$")]
    private static partial Regex ListIndex();
}
