using System.Reflection;
using System.Text.RegularExpressions;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The parse tests see only what <see cref="SqlServerStatements"/> finds. These prove the sweep reaches every T-SQL
/// statement of the solution: every project holding a <c>SqlServerSql</c> class or SQL Server migrations is swept,
/// such a class holds nothing but constants, and no T-SQL constant lives outside one.
/// </summary>
public sealed partial class SqlServerSweepCoverageTests
{
    private static readonly string Root = RepositoryRoot();

    [Test]
    public void EveryProjectWithTSql_IsSwept()
    {
        var swept = SqlServerStatements.Assemblies.Select(assembly => assembly.GetName().Name!).ToList();

        var withTSql = ProjectsWithTSql().ToList();

        using (Assert.EnterMultipleScope())
        {
            // Guards the guard: the source scan must see the projects known to hold T-SQL.
            Assert.That(withTSql, Is.SupersetOf(new[] { "JaasPipeline.Data", "JaasPipeline.Messaging", "JaasPipeline.Ingress" }));
            Assert.That(withTSql.Except(swept), Is.Empty,
                "projects with SqlServerSql constants or SQL Server migrations that the parse tests do not load: " +
                "reference them from JaasPipeline.Data.Tests and name one of their types in SqlServerStatements.LoadAssemblies");
        }
    }

    [Test]
    public void SqlServerSqlTypes_HoldOnlyStringConstants()
    {
        var escaping =
            from assembly in SqlServerStatements.Assemblies
            from type in assembly.GetTypes()
            where type.Name == SqlServerStatements.ConstantsTypeName
            from member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            where !(member is FieldInfo { IsLiteral: true } field && field.FieldType == typeof(string))
            where member is not ConstructorInfo
            select $"{type.FullName}.{member.Name}";

        // A static readonly string or a property would hold T-SQL the sweep (const strings only) never parses.
        Assert.That(escaping, Is.Empty);
    }

    [Test]
    public void TSqlConstants_LiveOnlyInSqlServerSqlTypes()
    {
        var outside =
            from assembly in SqlServerStatements.Assemblies
            from type in assembly.GetTypes()
            where type.Name != SqlServerStatements.ConstantsTypeName
            from field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
            where field.IsLiteral && field.FieldType == typeof(string) && TSqlMarker().IsMatch((string)field.GetRawConstantValue()!)
            select $"{type.FullName}.{field.Name}";

        Assert.That(outside, Is.Empty, "T-SQL (names a dbo. object) outside a SqlServerSql class, where the parse tests do not look");
    }

    /// <summary>Assembly names of the projects under services/ and shared/ whose source holds T-SQL.</summary>
    private static IEnumerable<string> ProjectsWithTSql()
    {
        foreach (var project in new[] { "services", "shared" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories)))
        {
            var folder = Path.GetDirectoryName(project)!;
            var sources = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(folder, path))
                .ToList();
            var hasConstants = sources.Any(path => path.EndsWith(".cs", StringComparison.Ordinal) && ConstantsClass().IsMatch(File.ReadAllText(path)));
            var hasMigrations = sources.Any(path => path.EndsWith(".sql", StringComparison.Ordinal)
                && path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}SqlServer{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            if (hasConstants || hasMigrations)
            {
                yield return Path.GetFileNameWithoutExtension(project);
            }
        }
    }

    private static bool IsBuildOutput(string projectFolder, string path)
    {
        var relative = Path.GetRelativePath(projectFolder, path).Split(Path.DirectorySeparatorChar);
        return relative[0] is "bin" or "obj";
    }

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

    [GeneratedRegex(@"\bclass\s+SqlServerSql\b")]
    private static partial Regex ConstantsClass();

    [GeneratedRegex(@"\bdbo\.\w+")]
    private static partial Regex TSqlMarker();
}
