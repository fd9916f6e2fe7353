using System.Reflection;
using System.Text;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// An assembly that exists only in memory and holds the given embedded scripts: the migrator reads nothing of an
/// assembly but its name and its manifest resources, so this lets a test hand it names a build would never let
/// into a real service assembly.
/// </summary>
public sealed class ScriptsAssembly(string name, IReadOnlyDictionary<string, string> scripts) : Assembly
{
    public override string FullName => name;

    public override AssemblyName GetName() => new(name);

    public override string[] GetManifestResourceNames() => [.. scripts.Keys];

    public override Stream? GetManifestResourceStream(string resourceName) =>
        scripts.TryGetValue(resourceName, out var text) ? new MemoryStream(Encoding.UTF8.GetBytes(text)) : null;
}
