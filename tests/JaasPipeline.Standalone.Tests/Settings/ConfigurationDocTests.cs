using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;

namespace JaasPipeline.Standalone.Tests.Settings;

/// <summary>docs/configuration.md is what the generator writes from the options classes, so it cannot fall behind them.</summary>
public sealed class ConfigurationDocTests
{
    [Test]
    public void ConfigurationDoc_IsWhatTheGeneratorWrites()
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot, "docs", "configuration.md");
        var generated = SettingsDocument.Write(HostComposition.Hosts);

        Assert.That(File.Exists(path) ? File.ReadAllText(path) : "", Is.EqualTo(generated),
            $"docs/configuration.md is out of date; regenerate it from the repository's root: {SettingsDocument.RegenerateCommand}");
    }

    [Test]
    public void ConfigurationDoc_HasEveryHostAndEverySetting()
    {
        var generated = SettingsDocument.Write(HostComposition.Hosts);

        Assert.That(generated, Does.Contain("| Section | ingress | attendance | media-artifacts | transcription | analytics | console | standalone |"));
        foreach (var setting in StandaloneHost.Definition.Settings)
        {
            Assert.That(generated, Does.Contain($"| `{setting.Key}` |"));
        }

        Assert.That(generated, Does.Contain("| `Retention:SliceSize` | integer | `2000` |"));
        Assert.That(generated, Does.Not.Contain("](#"), "no links into a README");
    }
}
