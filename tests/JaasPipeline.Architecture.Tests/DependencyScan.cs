using System.Reflection;
using NetArchTest.Rules;

namespace JaasPipeline.Architecture.Tests;

/// <summary>Finds what in an assembly depends on forbidden assemblies, in its types' IL and in its reference table.</summary>
internal static class DependencyScan
{
    /// <summary>
    /// One line per offence: a type that uses a forbidden namespace, or a reference to a forbidden assembly. Each
    /// module's namespace is its assembly's name, so the one list of names serves both checks.
    /// </summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, IReadOnlyCollection<string> forbidden)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny([.. forbidden]).GetResult();
        var types = (result.FailingTypeNames ?? []).Select(type => $"type {type}");
        var references = assembly.GetReferencedAssemblies()
            .Where(reference => forbidden.Contains(reference.Name))
            .Select(reference => $"assembly reference {reference.Name}");
        return [.. types, .. references];
    }
}
