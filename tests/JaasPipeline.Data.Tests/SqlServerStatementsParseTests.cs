using JaasPipeline.Ingress;
using JaasPipeline.Ingress.Outbox;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace JaasPipeline.Data.Tests;

/// <summary>STYLE.md 12: every T-SQL statement is reachable by a ScriptDom parse test, so a typo or a SQLite-ism fails here, not on SQL Server.</summary>
public sealed class SqlServerStatementsParseTests
{
    private static IEnumerable<TestCaseData> Statements() =>
        SqlServerStatements.All.Select(statement => new TestCaseData(statement.Sql).SetArgDisplayNames(statement.Name));

    [TestCaseSource(nameof(Statements))]
    public void Statement_ParsesWithoutErrors(string sql)
    {
        var errors = Parse(sql);

        Assert.That(errors, Is.Empty, $"T-SQL that SQL Server 2022 would refuse:{Environment.NewLine}{sql}");
    }

    [Test]
    public void Sweep_FindsTheStatementsKnownToExist()
    {
        var names = SqlServerStatements.All.Select(statement => statement.Name).ToList();

        Assert.That(names, Is.SupersetOf(new[]
        {
            "OutboxStore.SqlServerSql.Claim",
            "OutboxStore.SqlServerSql.InsertDelivery",
            "InboxFilter.SqlServerSql.Record",
            "SchemaMigrator.SqlServerSql.CreateVersions",
            "SchemaMigrator.SqlServerSql.Lock",
            "IngressRetention.SqlServerSql.DeletePublished",
            "IngressRetention.SqlServerSql.DeleteConflicts",
            "IngressRetention.SqlServerSql.DeleteRejected",
            "InboxRetention.SqlServerSql.DeleteHandled",
            "JaasPipeline.Ingress 0003_index_retention.sql batch 1 of 2",
            "JaasPipeline.Messaging 0002_index_inbox_received_at.sql batch 1 of 1",
            "TranscriptStore.SqlServerSql.AppendSegment",
            "TranscriptStore.SqlServerSql.FullTextReady",
            "TranscriptStore.SqlServerSql.SearchFullText",
            "TranscriptStore.SqlServerSql.SearchLike",
            "JaasPipeline.Transcription 0001_create_transcripts.sql batch 1 of 6",
            "MediaArtifactsStore.SqlServerSql.ClaimOne",
            "MediaArtifactsStore.SqlServerSql.Insert",
            "JaasPipeline.MediaArtifacts 0001_create_media_artifacts.sql batch 1 of 5",
        }));
    }

    [Test]
    public void Sweep_FindsBatchesOfEveryAssemblyWithSqlServerMigrations()
    {
        var withMigrations = SqlServerStatements.Assemblies
            .Where(assembly => assembly.GetManifestResourceNames().Any(name => name.Contains(".Migrations.SqlServer.", StringComparison.Ordinal)))
            .Select(assembly => assembly.GetName().Name!)
            .ToList();
        var withBatches = SqlServerStatements.All
            .Where(statement => statement.Name.Contains(".sql batch ", StringComparison.Ordinal))
            .Select(statement => statement.Assembly)
            .Distinct()
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(withMigrations, Is.SupersetOf(new[] { "JaasPipeline.Messaging", "JaasPipeline.Ingress", "JaasPipeline.MediaArtifacts" }));
            Assert.That(withBatches, Is.EquivalentTo(withMigrations));
        }
    }

    [Test]
    public void ProbeMigrationsOfTheseTests_ParseWithoutErrors()
    {
        // The inbox probe's own tables, which the inbox suites create on SQL Server too (not a module: not swept).
        var batches = SchemaMigrator.Scripts(typeof(InboxProbeHost).Assembly, DatabaseProvider.SqlServer).SelectMany(script => script.Batches).ToList();

        Assert.That(batches, Has.Count.EqualTo(2));
        Assert.That(batches.SelectMany(Parse), Is.Empty);
    }

    [Test]
    public void DocsSqlBlocks_ParseAndNameTheKeysTheMigrationsCreate()
    {
        // What the docs tell operators to run on SQL Server (the transcription full-text index, docs/services.md) is T-SQL too.
        var docs = string.Concat(Directory.GetFiles(Path.Combine(SolutionProjects.Root, "docs"), "*.md").Append(Path.Combine(SolutionProjects.Root, "README.md"))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText));
        var blocks = System.Text.RegularExpressions.Regex.Matches(docs, "```sql\n(?<sql>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(match => match.Groups["sql"].Value)
            .ToList();
        var keyIndexes = blocks
            .SelectMany(block => System.Text.RegularExpressions.Regex.Matches(block, @"KEY INDEX (?<key>\w+)").Select(match => match.Groups["key"].Value))
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(blocks, Is.Not.Empty, "the docs' SQL blocks were found");
            Assert.That(blocks.SelectMany(Parse), Is.Empty);
            Assert.That(keyIndexes, Is.SubsetOf(SqlServerSchema.FromMigrations.Indexes.Select(index => index.Name)), "a full-text index needs an existing unique key");
        }
    }

    [Test]
    public void SqliteStatement_IsRefusedByTheParser()
    {
        // Proves the parse test can fail: the SQLite claim (LIMIT, RETURNING) is not T-SQL.
        var sqliteClaim = SqlServerStatements.Constants(typeof(OutboxStore).Assembly, "SqliteSql")
            .Single(statement => statement.Name == "OutboxStore.SqliteSql.Claim");

        Assert.That(Parse(sqliteClaim.Sql), Is.Not.Empty);
    }

    private static List<string> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(sql), out var errors);
        return errors.Select(error => $"line {error.Line}, column {error.Column}: {error.Message}").ToList();
    }
}
