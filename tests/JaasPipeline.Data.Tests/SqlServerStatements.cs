using System.Reflection;
using JaasPipeline.Data;

namespace JaasPipeline.Data.Tests;

/// <summary>One T-SQL statement found by the convention, with a name that says where it lives.</summary>
public sealed record SqlServerStatement(string Assembly, string Name, string Sql)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every T-SQL statement of the libraries under services/ and shared/, found by the convention: a
/// <c>const string</c> of a (possibly nested, possibly generic) type named <c>SqlServerSql</c>, or a batch of an
/// embedded <c>*.Migrations.SqlServer.*.sql</c> script.
/// </summary>
public static class SqlServerStatements
{
    public const string ConstantsTypeName = "SqlServerSql";

    /// <summary>The libraries of services/ and shared/, listed from the checkout (<see cref="SolutionProjects"/>), loaded.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } = LoadAssemblies();

    public static IReadOnlyList<SqlServerStatement> All { get; } = Assemblies.SelectMany(Constants).Concat(Assemblies.SelectMany(MigrationBatches)).ToList();

    /// <summary>The const strings of every type named <paramref name="typeName"/> in <paramref name="assembly"/>.</summary>
    public static IEnumerable<SqlServerStatement> Constants(Assembly assembly, string typeName) =>
        from type in assembly.GetTypes()
        where type.Name == typeName
        from field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where field.IsLiteral && field.FieldType == typeof(string)
        // GetRawConstantValue reads the metadata, so it works on the open generic InboxFilter<,>.SqlServerSql too.
        select new SqlServerStatement(assembly.GetName().Name!, $"{DisplayName(type)}.{field.Name}", (string)field.GetRawConstantValue()!);

    private static IEnumerable<SqlServerStatement> Constants(Assembly assembly) => Constants(assembly, ConstantsTypeName);

    private static IEnumerable<SqlServerStatement> MigrationBatches(Assembly assembly)
    {
        var module = assembly.GetName().Name!;
        foreach (var script in SchemaMigrator.Scripts(assembly, DatabaseProvider.SqlServer))
        {
            for (var i = 0; i < script.Batches.Count; i++)
            {
                yield return new SqlServerStatement(module, $"{module} {script.Name} batch {i + 1} of {script.Batches.Count}", script.Batches[i]);
            }
        }
    }

    /// <summary>The libraries of services/ and shared/ that this test project can load (it references them all; see SqlServerSweepCoverageTests).</summary>
    private static List<Assembly> LoadAssemblies()
    {
        var loaded = new List<Assembly>();
        foreach (var project in SolutionProjects.Libraries)
        {
            try
            {
                loaded.Add(Assembly.Load(new AssemblyName(project.AssemblyName)));
            }
            catch (FileNotFoundException)
            {
                // Not referenced from here: EveryLibraryOfServicesAndShared_IsSwept names it.
            }
        }

        return loaded;
    }

    // InboxFilter`1+SqlServerSql reads as InboxFilter.SqlServerSql.
    private static string DisplayName(Type type)
    {
        var name = type.Name.Split('`')[0];
        return type.DeclaringType is { } outer ? $"{DisplayName(outer)}.{name}" : name;
    }
}
