using JaasPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Standalone.Tests.Settings;

/// <summary>
/// What --help and docs/configuration.md list is what each host binds: every options class a host registers is listed
/// with each of its properties described, and every listed key sets its property where the host reads it.
/// </summary>
public sealed class SettingsCatalogTests
{
    private static IEnumerable<HostDefinition> Hosts => HostComposition.Hosts;

    // By name, so each case is named after its host.
    private static IEnumerable<string> HostNames => Hosts.Select(host => host.Name);

    [Test]
    public void EveryListedSetting_HasADescription()
    {
        var undescribed = Hosts.SelectMany(host => host.Settings)
            .Where(setting => setting.Meaning == SettingsCatalog.Undescribed)
            .Select(setting => $"{setting.Key} ({setting.Source?.Options.Name})")
            .Distinct();

        Assert.That(undescribed, Is.Empty, "add a [System.ComponentModel.Description(\"…\")] to each of these properties");
    }

    [Test]
    public void APropertyWithoutDescription_IsListedAsUndescribed()
    {
        var settings = SettingsCatalog.Of(OptionsBinding.Of<ProbeOptions>("Probe")).ToList();

        Assert.That(settings.Select(s => (s.Key, s.Meaning)), Is.EqualTo(new[]
        {
            ("Probe:Described", "What it does."),
            ("Probe:Forgotten", SettingsCatalog.Undescribed),
            ("Probe:SigningToken", "A secret."),
        }));
    }

    [Test]
    public void ASecretsDefault_IsNeverPrinted()
    {
        var host = new HostDefinition("probe", [new SettingsModule("probe", [OptionsBinding.Of<ProbeOptions>("Probe")])], new Dictionary<string, string>());

        var help = SettingsHelp.For(host);

        Assert.That(help, Does.Contain("Probe:SigningToken").And.Not.Contain(ProbeOptions.TokenDefault));
        Assert.That(help, Does.Contain($"default: {SettingsHelp.SecretDefault}"));
        Assert.That(SettingsHelp.For(StandaloneHost.Definition), Does.Not.Contain("default: guest\n      That user's password"));
    }

    [TestCaseSource(nameof(HostNames))]
    public void EveryOptionsClassTheHostRegisters_IsListed(string hostName)
    {
        var host = Hosts.Single(h => h.Name == hostName);
        var builder = HostComposition.Compose(host, new Dictionary<string, string?>());

        var registered = builder.Services.Select(service => service.ServiceType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(type => type.GetGenericArguments()[0])
            .Where(type => type.Namespace?.StartsWith("JaasPipeline", StringComparison.Ordinal) == true)
            .Distinct();
        var listed = host.Settings.Where(setting => setting.Source is not null)
            .SelectMany(setting => SettingProbe.For(setting).Path.Select(property => property.DeclaringType!))
            .Distinct();

        Assert.That(listed, Is.SupersetOf(registered), $"options classes {host.Name} binds but --help does not list (add them to its SettingsModule)");
    }

    [TestCaseSource(nameof(HostNames))]
    public void EveryListedKey_SetsItsOptionWhereTheHostBindsIt(string hostName)
    {
        var host = Hosts.Single(h => h.Name == hostName);
        var probes = host.Settings.Where(setting => setting.Source is not null).Select(SettingProbe.For).ToList();
        var builder = HostComposition.Compose(host, probes.ToDictionary(probe => probe.ConfigurationKey, probe => (string?)probe.Value));
        using var services = builder.Services.BuildServiceProvider();

        var unbound = probes
            .Where(probe => !BoundInstances(services, probe.Setting.Source!.Options).Any(probe.HeldBy))
            .Select(probe => $"{probe.ConfigurationKey}={probe.Value}");

        Assert.That(unbound, Is.Empty, $"keys {host.Name} --help lists that set no option of the host");
        // The probes reach nested and common settings (the console host is on no bus: its own nested ones).
        Assert.That(probes.Select(probe => probe.Setting.Key), host.Modules.Any(module => module.OnTheBus)
            ? Does.Contain("Retention:SliceSize").And.Contain("Messaging:RabbitMq:Port")
            : Does.Contain("Console:Services:Ingress:BaseUrl").And.Contain("Api:Keys"));
    }

    // Each named instance the host registers of `options`, configured as IOptionsMonitor would be but not validated
    // (the probes are not valid together: that is the validators' business, tested elsewhere).
    private static IEnumerable<object> BoundInstances(IServiceProvider services, Type options) =>
        (IEnumerable<object>)typeof(SettingsCatalogTests).GetMethod(nameof(Configured), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(options).Invoke(null, [services])!;

    private static List<object> Configured<TOptions>(IServiceProvider services) where TOptions : class, new()
    {
        var names = services.GetServices<IOptionsChangeTokenSource<TOptions>>().Select(source => source.Name ?? Options.DefaultName).Distinct();
        return names.Select(name =>
        {
            var instance = new TOptions();
            foreach (var configure in services.GetServices<IConfigureOptions<TOptions>>())
            {
                if (configure is IConfigureNamedOptions<TOptions> named)
                {
                    named.Configure(name, instance);
                }
                else if (name == Options.DefaultName)
                {
                    configure.Configure(instance);
                }
            }

            return (object)instance;
        }).ToList();
    }

    private sealed class ProbeOptions
    {
        public const string TokenDefault = "tok-0123456789abcdef";

        [System.ComponentModel.Description("What it does.")]
        public int Described { get; set; } = 1;

        public bool Forgotten { get; set; }

        [System.ComponentModel.Description("A secret.")]
        public string SigningToken { get; set; } = TokenDefault;

        // Not a setting: nothing binds a property without a setter.
        public bool Computed => Described > 0;
    }
}
