using System.Text;

namespace JaasPipeline.ServiceDefaults;

/// <summary>The text of <c>--help</c>: every setting one host reads, from its options classes (<see cref="SettingsCatalog"/>).</summary>
public static class SettingsHelp
{
    /// <summary>What a setting's default line says when there is none.</summary>
    public const string NoDefault = "—";

    /// <summary>What a secret's default line says when it has one: its value is never printed.</summary>
    public const string SecretDefault = "(a secret: not shown)";

    public static string For(HostDefinition host)
    {
        var text = new StringBuilder()
            .AppendLine($"JaasPipeline {host.Name}: the settings it reads.")
            .AppendLine()
            .AppendLine("Each comes from appsettings.json beside the executable, an environment variable (Section__Key, lists as")
            .AppendLine("Key__0, Key__1), or a command-line argument (--Section:Key=value). Every setting is checked at start-up:")
            .AppendLine($"a bad one stops the host with one line naming it and exit code {ServiceHost.BadSettingExitCode}; a port in use, exit code {ServiceHost.PortInUseExitCode}.")
            .AppendLine("Durations are [d.]hh:mm:ss[.fff]. docs/configuration.md lists the settings of every host.");
        foreach (var section in host.Settings.GroupBy(setting => setting.Section))
        {
            text.AppendLine().AppendLine(section.Key);
            foreach (var setting in section)
            {
                text.AppendLine($"  {setting.Key}  ({setting.Type})")
                    .AppendLine($"      default: {DefaultText(setting)}")
                    .AppendLine($"      {setting.Meaning}");
            }
        }

        return text.ToString();
    }

    /// <summary>A setting's default as shown: none, the value, or for a secret never the value.</summary>
    public static string DefaultText(Setting setting) =>
        setting.Default is null ? NoDefault : setting.IsSecret ? SecretDefault : setting.Default;
}
