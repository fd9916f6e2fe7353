using System.Text;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// docs/configuration.md: the settings of every host, from the same source as <c>--help</c>, written by
/// <c>dotnet run --project services/Standalone -- --help-markdown</c>. A test fails while the file in the repository
/// differs from what this writes.
/// </summary>
public static class SettingsDocument
{
    /// <summary>The option that prints the document instead of <c>--help</c>'s text.</summary>
    public const string Option = "--help-markdown";

    public const string RegenerateCommand = "dotnet run --project services/Standalone -- --help-markdown > docs/configuration.md";

    private const string Intro = """
        # Configuration

        Every JaasPipeline host reads its settings from three places; a later one overrides an earlier one:

        1. `appsettings.json` beside the executable (each host ships one; the defaults below include what it sets);
        2. environment variables named `Section__Key`: `Ingress__MaxBodyBytes=2097152`; a list item as `Key__0`,
           `Key__1` (`Api__Keys__0=…`); a named entry as `Api__NamedKeys__finance=…`;
        3. command-line arguments `--Section:Key=value`:
           `dotnet run --project services/Standalone -- --Urls=http://127.0.0.1:5081 --Retention:SliceSize=500`.

        Durations are written `[d.]hh:mm:ss[.fff]` (`00:00:30`, `7.00:00:00`). Every setting is checked at start-up: a bad
        one stops the host with one line naming the key and exit code 2 (a port in use: exit code 3). `<host> --help`
        prints the settings of that host with its defaults. Keys, secrets and passwords are never printed: a default that
        is a secret shows as "(a secret: not shown)".
        """;

    /// <summary>The document for <paramref name="hosts"/> (every host of the repository, the Standalone last).</summary>
    public static string Write(IReadOnlyList<HostDefinition> hosts)
    {
        var listed = hosts.ToDictionary(host => host, host => host.Settings);
        var settingsOf = listed.ToDictionary(pair => pair.Key, pair => pair.Value.ToDictionary(setting => setting.Key, StringComparer.Ordinal));
        var all = SettingsCatalog.InSectionOrder(hosts.SelectMany(host => listed[host]));
        var sections = all.Select(setting => setting.Section).Distinct(StringComparer.Ordinal).ToList();

        var text = new StringBuilder()
            .AppendLine("<!-- Generated from the options classes' [Description] attributes (and HostSettings.cs): do not edit by hand.")
            .AppendLine($"     Regenerate: {RegenerateCommand}")
            .AppendLine("     A test (ConfigurationDocTests) fails while this file differs from what the generator writes. -->")
            .AppendLine(Intro)
            .AppendLine()
            .AppendLine("## Which host reads which section")
            .AppendLine()
            .AppendLine($"| Section | {string.Join(" | ", hosts.Select(host => host.Name))} |")
            .AppendLine($"|---|{string.Concat(hosts.Select(_ => "---|"))}");
        foreach (var section in sections)
        {
            var reads = hosts.Select(host => listed[host].Any(setting => setting.Section == section) ? "✓" : "");
            text.AppendLine($"| `{section}` | {string.Join(" | ", reads)} |");
        }

        text.AppendLine().AppendLine("## Settings by section");
        foreach (var section in all.GroupBy(setting => setting.Section))
        {
            text.AppendLine()
                .AppendLine($"### `{section.Key}`")
                .AppendLine()
                .AppendLine("| Key | Type | Default | Meaning |")
                .AppendLine("|---|---|---|---|");
            foreach (var setting in section)
            {
                var defaults = hosts.Where(host => settingsOf[host].ContainsKey(setting.Key))
                    .Select(host => (host.Name, Text: SettingsHelp.DefaultText(settingsOf[host][setting.Key])))
                    .ToList();
                text.AppendLine($"| `{setting.Key}` | {Cell(setting.Type)} | {DefaultCell(defaults)} | {Cell(setting.Meaning)} |");
            }
        }

        return text.ToString();
    }

    // One value where the hosts agree (the most of them, the others in brackets); each host's where all of three or
    // more differ (Urls).
    private static string DefaultCell(IReadOnlyList<(string Host, string Text)> defaults)
    {
        var groups = defaults.GroupBy(entry => entry.Text, StringComparer.Ordinal).OrderByDescending(group => group.Count()).ToList();
        if (groups.Count > 2 && groups[0].Count() == 1)
        {
            return string.Join("; ", defaults.Select(entry => $"{entry.Host}: {Value(entry.Text)}"));
        }

        var others = groups.Skip(1).SelectMany(group => group).Select(entry => $"{entry.Host}: {Value(entry.Text)}").ToList();
        return others.Count == 0 ? Value(groups[0].Key) : $"{Value(groups[0].Key)} ({string.Join("; ", others)})";
    }

    private static string Value(string text) => text == SettingsHelp.NoDefault || text == SettingsHelp.SecretDefault ? text : $"`{Cell(text)}`";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
