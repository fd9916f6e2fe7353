namespace JaasPipeline.Architecture.Tests;

// STYLE.md 2: consumers depend on contracts, never on the ingress and never on each other; libraries know no service.
[TestFixture]
public sealed class ModuleDependencyTests
{
    private static IEnumerable<string> ConsumerModules => Modules.ConsumerModules;

    private static IEnumerable<string> SharedLibraries => Modules.SharedLibraries;

    [TestCaseSource(nameof(ConsumerModules))]
    public void ConsumerModule_DependsNeitherOnIngressNorOnOtherConsumerModules(string module)
    {
        string[] forbidden = [Modules.Ingress, .. Modules.ConsumerModules.Where(other => other != module)];

        var violations = DependencyScan.Violations(Modules.Load(module), forbidden);

        Assert.That(violations, Is.Empty, $"{module} depends on {string.Join(", ", forbidden)}");
    }

    [Test]
    public void IngressModule_DependsOnNoConsumerModule()
    {
        var violations = DependencyScan.Violations(Modules.Load(Modules.Ingress), Modules.ConsumerModules);

        Assert.That(violations, Is.Empty, $"{Modules.Ingress} depends on a consumer module");
    }

    // STYLE.md: shared defaults hold host concerns only; what only consumer services serve (reprocess, error queues,
    // meeting lists) lives in the consumer API, which neither the defaults nor the ingress may reach.
    [TestCase(Modules.ServiceDefaults)]
    [TestCase(Modules.Ingress)]
    public void HostDefaultsAndIngress_DependNotOnTheConsumerApi(string module)
    {
        var violations = DependencyScan.Violations(Modules.Load(module), [Modules.ConsumerApi]);

        Assert.That(violations, Is.Empty, $"{module} depends on {Modules.ConsumerApi}");
    }

    // docs/console.md: the console reaches every service through its HTTP API, so it compiles against none of them.
    [Test]
    public void ConsoleModule_DependsOnNoServiceModuleNorTheConsumerApi()
    {
        string[] forbidden = [Modules.Ingress, .. Modules.ConsumerModules, Modules.ConsumerApi];

        var violations = DependencyScan.Violations(Modules.Load(Modules.Console), forbidden);

        Assert.That(violations, Is.Empty, $"{Modules.Console} depends on {string.Join(", ", forbidden)}");
    }

    [TestCaseSource(nameof(SharedLibraries))]
    public void SharedLibrary_DependsOnNoServiceModule(string library)
    {
        var violations = DependencyScan.Violations(Modules.Load(library), Modules.ServiceModules);

        Assert.That(violations, Is.Empty, $"{library} depends on a service module");
    }

    // The rules above pass vacuously if the scan cannot see dependencies; the Standalone composes every module, so
    // the same scan must find all of them there.
    [Test]
    public void StandaloneHost_IsSeenToDependOnEveryServiceModule()
    {
        string[] modules = [Modules.Ingress, .. Modules.ConsumerModules, Modules.Console];

        var found = modules.Where(module => DependencyScan.Violations(Modules.Load(Modules.Standalone), [module]).Count > 0);

        Assert.That(found, Is.EquivalentTo(modules));
    }
}
