using System.Text;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// The text of <c>--help</c>: the rows of the README's configuration table (embedded in this assembly, so the README
/// stays the one source of truth) that concern one host.
/// </summary>
public static class SettingsHelp
{
    /// <summary>The README comments around the configuration table.</summary>
    public const string StartMarker = "<!-- settings-table:start -->";
    public const string EndMarker = "<!-- settings-table:end -->";

    /// <summary>Sections every host reads; <c>&lt;Service&gt;</c> stands for each module's own section.</summary>
    private static readonly string[] CommonSections = ["<Service>", "Messaging", "Urls", "Tracing", "Logging"];

    /// <summary>One row of the configuration table: the key cell (first key), its default and its meaning.</summary>
    public sealed record Setting(string Key, string Default, string Meaning)
    {
        /// <summary>The configuration section the row belongs to (<c>Ingress</c>, <c>Messaging</c>, <c>Urls</c>, …).</summary>
        public string Section => Key.Split(':')[0];
    }

    /// <summary>Every row of the configuration table in <paramref name="readme"/>.</summary>
    public static IReadOnlyList<Setting> Parse(string readme)
    {
        var start = readme.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"The README has no configuration table between {StartMarker} and {EndMarker}.");
        }

        return readme[(start + StartMarker.Length)..end]
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Trim('|').Split(" | ", 3, StringSplitOptions.TrimEntries))
            .Select(cells => new Setting(Plain(cells[0]), Plain(cells[1]), Plain(cells[2])))
            .ToList();
    }

    /// <summary>The rows a host reads: its modules' sections and the common ones.</summary>
    public static IEnumerable<Setting> Of(IEnumerable<Setting> settings, IEnumerable<string> settingSections)
    {
        var sections = settingSections.Concat(CommonSections).ToHashSet(StringComparer.Ordinal);
        return settings.Where(setting => sections.Contains(setting.Section));
    }

    /// <summary>The README embedded at build time.</summary>
    public static string EmbeddedReadme()
    {
        using var stream = typeof(SettingsHelp).Assembly.GetManifestResourceStream("README.md")
            ?? throw new InvalidOperationException("README.md is not embedded in JaasPipeline.ServiceDefaults.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static string For(string serviceName, IReadOnlyCollection<string> settingSections)
    {
        var text = new StringBuilder()
            .AppendLine($"JaasPipeline {serviceName}: the settings it reads.")
            .AppendLine()
            .AppendLine("Each comes from appsettings.json beside the executable, an environment variable (Section__Key, lists as")
            .AppendLine("Key__0, Key__1), or a command-line argument (--Section:Key=value). Every setting is checked at start-up:")
            .AppendLine($"a bad one stops the host with one line naming it and exit code {ServiceHost.BadSettingExitCode}; a port in use, exit code {ServiceHost.PortInUseExitCode}.");
        var settings = Parse(EmbeddedReadme());
        var services = ServiceSectionsOf(settings).Intersect(settingSections, StringComparer.Ordinal).ToList();
        if (services.Count > 0)
        {
            text.AppendLine($"<Service> below is {string.Join(" / ", services)} for this host.");
        }

        foreach (var setting in Of(settings, settingSections))
        {
            text.AppendLine()
                .AppendLine($"  {setting.Key}")
                .AppendLine($"      default: {setting.Default}")
                .AppendLine($"      {setting.Meaning}");
        }

        return text.ToString();
    }

    /// <summary>The sections a <c>&lt;Service&gt;</c> row stands for, as its meaning lists them ("<c>&lt;Service&gt;</c> is
    /// <c>Ingress</c>, <c>Attendance</c>, …"): the services with a database, not every section a host reads.</summary>
    private static IEnumerable<string> ServiceSectionsOf(IEnumerable<Setting> settings)
    {
        const string Lead = "<Service> is ";
        return settings
            .Where(setting => setting.Section == "<Service>")
            .Select(setting => setting.Meaning)
            .Where(meaning => meaning.Contains(Lead, StringComparison.Ordinal))
            .SelectMany(meaning => meaning[(meaning.IndexOf(Lead, StringComparison.Ordinal) + Lead.Length)..]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(name => name.TrimEnd('.')));
    }

    // Table cells are Markdown: drop the code and emphasis marks.
    private static string Plain(string cell) => cell.Replace("`", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal);
}
