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

/// <summary>
/// The projects under services/ and shared/ of the checkout these tests were built from: what the SQL Server sweep must
/// cover, found by listing the folders rather than by a hand-kept list that a new module would be missing from.
/// </summary>
public static class SolutionProjects
{
    public static string Root { get; } = RepositoryRoot();

    public static IReadOnlyList<SolutionProject> All { get; } = FindAll();

    /// <summary>The libraries (modules and shared code), which the tests load and sweep.</summary>
    public static IEnumerable<SolutionProject> Libraries => All.Where(project => !project.IsHost);

    /// <summary>The executables (a service host, the standalone host), which the tests do not load: checked by their source.</summary>
    public static IEnumerable<SolutionProject> Hosts => All.Where(project => project.IsHost);

    private static List<SolutionProject> FindAll() =>
        new[] { "services", "shared" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories))
            .Select(path =>
            {
                var text = File.ReadAllText(path);
                var isHost = text.Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal)
                    || text.Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase);
                return new SolutionProject(Path.GetFileNameWithoutExtension(path), Path.GetDirectoryName(path)!, isHost);
            })
            .OrderBy(project => project.AssemblyName, StringComparer.Ordinal)
            .ToList();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "JaasPipeline.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No JaasPipeline.sln above {AppContext.BaseDirectory}.");
    }
}
