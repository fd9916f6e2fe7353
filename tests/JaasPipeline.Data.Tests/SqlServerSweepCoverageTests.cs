using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The parse tests see only what <see cref="SqlServerStatements"/> finds. These prove the sweep reaches every T-SQL
/// statement of the solution: every library of services/ and shared/ is loaded and swept, the hosts hold no T-SQL,
/// a <c>SqlServerSql</c> class holds nothing but constants, and no T-SQL lives anywhere else: not in another constant,
/// not in a string literal of a method, not in the pieces of an interpolated string.
/// </summary>
public sealed partial class SqlServerSweepCoverageTests
{
    [Test]
    public void EveryLibraryOfServicesAndShared_IsSwept()
    {
        var swept = SqlServerStatements.Assemblies.Select(assembly => assembly.GetName().Name!).ToList();

        using (Assert.EnterMultipleScope())
        {
            // Guards the guard: the folder listing must see the libraries known to hold T-SQL.
            Assert.That(SolutionProjects.Libraries.Select(project => project.AssemblyName),
                Is.SupersetOf(new[] { "JaasPipeline.Data", "JaasPipeline.Messaging", "JaasPipeline.Ingress", "JaasPipeline.Attendance" }));
            Assert.That(SolutionProjects.Libraries.Select(project => project.AssemblyName).Except(swept), Is.Empty,
                "libraries of services/ or shared/ the parse tests do not load: add a ProjectReference to them in JaasPipeline.Data.Tests.csproj");
        }
    }

    [Test]
    public void Hosts_HoldNoTSql()
    {
        // The hosts are not loaded here (they are executables): their sources must leave SQL to the modules.
        var withTSql =
            from host in SolutionProjects.Hosts
            from source in host.Sources()
            where TSqlMarker().IsMatch(File.ReadAllText(source))
            select Path.GetRelativePath(SolutionProjects.Root, source);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SolutionProjects.Hosts.Select(host => host.AssemblyName), Does.Contain("JaasPipeline.Standalone"));
            Assert.That(withTSql, Is.Empty, "T-SQL in a host, where the parse tests do not look: move it into its module's SqlServerSql class");
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

        Assert.That(outside, Is.Empty, "T-SQL outside a SqlServerSql class, where the parse tests do not look");
    }

    [Test]
    public void EveryTSqlStringInTheCode_IsASweptStatement()
    {
        // A constant used in code is compiled to its (folded) value as a string literal, so every T-SQL string a
        // method can hand to the database is in the assembly's literals: inline SQL (`Sql(sqlite, "… dbo.x …")`, a
        // literal in an API or a worker) and the pieces of an interpolated string show up here as literals that match
        // no swept statement.
        var swept = SqlServerStatements.All.Select(statement => statement.Sql).ToHashSet(StringComparer.Ordinal);

        var literals = SqlServerStatements.Assemblies.SelectMany(assembly => TSqlLiterals(assembly).Select(literal => (Assembly: assembly.GetName().Name, Literal: literal))).ToList();

        var unswept = literals.Where(found => !swept.Contains(found.Literal)).Select(found => $"{found.Assembly}: {found.Literal}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(literals, Has.Count.GreaterThan(50), "the stores' statements are found among the literals");
            Assert.That(unswept, Is.Empty, "T-SQL the parse tests never see: make it a const of the module's SqlServerSql class");
        }
    }

    [Test]
    public void LiteralScan_FindsTSqlWrittenInline()
    {
        // Proves the literal scan can fail: this test project writes T-SQL inline (its store suites' checks).
        var literals = TSqlLiterals(typeof(SqlServerSweepCoverageTests).Assembly).ToList();

        Assert.That(literals, Has.Some.Contains("FROM dbo.rejected_deliveries"));
    }

    /// <summary>The string literals of an assembly's code (its #US heap) that look like T-SQL.</summary>
    private static IEnumerable<string> TSqlLiterals(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        var literals = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
        {
            var literal = metadata.GetUserString(handle);
            if (TSqlMarker().IsMatch(literal))
            {
                literals.Add(literal);
            }
        }

        return literals;
    }

    // What only T-SQL says here: our objects are always schema-qualified (dbo.), system views, OBJECT_ID, lock hints, OUTPUT.
    [GeneratedRegex(@"\bdbo\.\w+|\bsys\.\w+|\bOBJECT_ID\s*\(|\b(UPDLOCK|READPAST|HOLDLOCK)\b|\bOUTPUT\s+(inserted|deleted)\.", RegexOptions.IgnoreCase)]
    private static partial Regex TSqlMarker();
}
