using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Compose.Tests;

/// <summary>
/// The options one host reads, as its <c>--help</c> lists them (built from the README's configuration table, the one
/// list the Hosts tests hold every host to).
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
    /// Key lines of the help text: <c>Messaging:RabbitMq:Host / Port / …</c> (several keys of one section),
    /// <c>&lt;Service&gt;:Database:Provider</c> (the host's module, named by the "&lt;Service&gt; below is …" line),
    /// <c>Api:NamedKeys:&lt;name&gt;</c> (any name).
    /// </summary>
    public static HostOptions Parse(IEnumerable<string> helpLines)
    {
        var lines = helpLines.ToList();
        var services = lines.Select(line => ServiceLine().Match(line)).Where(match => match.Success)
            .SelectMany(match => match.Groups[1].Value.Split(" / ", StringSplitOptions.TrimEntries)).ToList();
        var keys = new List<Regex>();
        // Each key line is followed by its default ("default: …"); the runner trims the lines' indentation.
        foreach (var line in lines.Where((_, index) => index + 1 < lines.Count && lines[index + 1].TrimStart().StartsWith("default:", StringComparison.Ordinal)))
        {
            var parts = line.Trim().Split(" / ", StringSplitOptions.TrimEntries);
            var section = parts[0].Contains(':', StringComparison.Ordinal) ? parts[0][..(parts[0].LastIndexOf(':') + 1)] : "";
            foreach (var key in parts.Select((part, index) => index == 0 ? part : section + part))
            {
                var pattern = Regex.Escape(key).Replace("<name>", "[^:]+", StringComparison.Ordinal);
                var expanded = key.StartsWith("<Service>", StringComparison.Ordinal)
                    ? services.Select(service => pattern.Replace("<Service>", Regex.Escape(service), StringComparison.Ordinal))
                    : [pattern];
                keys.AddRange(expanded.Select(p => new Regex($"^{p}$", RegexOptions.IgnoreCase)));
            }
        }

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

    [GeneratedRegex(@"^<Service> below is (.+) for this host\.$")]
    private static partial Regex ServiceLine();

    [GeneratedRegex(@":\d+$")]
    private static partial Regex ListIndex();
}
