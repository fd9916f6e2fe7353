namespace JaasPipeline.Data.Tests;

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
