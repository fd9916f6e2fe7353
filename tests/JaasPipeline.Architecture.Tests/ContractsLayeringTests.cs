namespace JaasPipeline.Architecture.Tests;

// STYLE.md 2: contracts reference nothing but the base library.
[TestFixture]
public sealed class ContractsLayeringTests
{
    private static readonly string[] FrameworkPrefixes = ["System", "Microsoft", "netstandard", "mscorlib"];

    [Test]
    public void ContractsAssembly_ReferencesOnlyFrameworkAssemblies()
    {
        var references = Modules.Load(Modules.Contracts).GetReferencedAssemblies().Select(reference => reference.Name!);

        var notFramework = references.Where(name => !FrameworkPrefixes.Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal)));

        Assert.That(notFramework, Is.Empty, "JaasPipeline.Contracts references assemblies outside the framework");
    }

    [Test]
    public void ContractsTypes_DependOnNoOtherJaasPipelineAssembly()
    {
        var others = Modules.All().Select(assembly => assembly.GetName().Name!).Where(name => name != Modules.Contracts).ToList();

        var violations = DependencyScan.Violations(Modules.Load(Modules.Contracts), others);

        Assert.That(violations, Is.Empty, "JaasPipeline.Contracts depends on other JaasPipeline assemblies");
    }
}
