namespace JaasPipeline.Data.Tests;

/// <summary>One project of services/ or shared/, as found on disk: its assembly name, its folder and whether it is a host (an executable).</summary>
public sealed record SolutionProject(string AssemblyName, string Folder, bool IsHost)
{
    /// <summary>Its C# and SQL sources, build output left out.</summary>
    public IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".sql", StringComparison.Ordinal))
            .Where(path => Path.GetRelativePath(Folder, path).Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"));
}
