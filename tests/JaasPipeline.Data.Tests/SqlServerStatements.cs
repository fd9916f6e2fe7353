using System.Reflection;
using JaasPipeline.Data;
using JaasPipeline.Ingress;
using JaasPipeline.Messaging;

namespace JaasPipeline.Data.Tests;

/// <summary>One T-SQL statement found by the convention, with a name that says where it lives.</summary>
public sealed record SqlServerStatement(string Assembly, string Name, string Sql)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every T-SQL statement of the JaasPipeline assemblies this project references, found by the convention: a
/// <c>const string</c> of a (possibly nested, possibly generic) type named <c>SqlServerSql</c>, or a batch of an
/// embedded <c>*.Migrations.SqlServer.*.sql</c> script.
/// </summary>
public static class SqlServerStatements
{
    public const string ConstantsTypeName = "SqlServerSql";

    /// <summary>The JaasPipeline assemblies referenced from here, directly or through each other.</summary>
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

    private static List<Assembly> LoadAssemblies()
    {
        // The compiler keeps a reference only when code uses it: naming one type of each assembly that holds SQL
        // makes sure they are loaded, and their own references bring in the rest.
        Assembly[] anchors =
        [
            typeof(Database).Assembly, typeof(InboxTransaction).Assembly, typeof(OutboxStore).Assembly,
            typeof(JaasPipeline.Attendance.AttendanceStore).Assembly, typeof(JaasPipeline.Analytics.EventJournalConsumer).Assembly,
            typeof(JaasPipeline.Transcription.TranscriptStore).Assembly,
            typeof(JaasPipeline.MediaArtifacts.MediaArtifactsStore).Assembly,
        ];
        var found = anchors.ToDictionary(assembly => assembly.GetName().Name!, StringComparer.Ordinal);
        var pending = new Queue<Assembly>(anchors.Append(typeof(SqlServerStatements).Assembly));
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && name.StartsWith("JaasPipeline.", StringComparison.Ordinal) && !found.ContainsKey(name))
                {
                    var loaded = Assembly.Load(reference);
                    found[name] = loaded;
                    pending.Enqueue(loaded);
                }
            }
        }

        return found.Values.OrderBy(assembly => assembly.GetName().Name, StringComparer.Ordinal).ToList();
    }

    // InboxFilter`1+SqlServerSql reads as InboxFilter.SqlServerSql.
    private static string DisplayName(Type type)
    {
        var name = type.Name.Split('`')[0];
        return type.DeclaringType is { } outer ? $"{DisplayName(outer)}.{name}" : name;
    }
}
