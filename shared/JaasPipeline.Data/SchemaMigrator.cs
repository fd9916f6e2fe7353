using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Data;

/// <summary>
/// Applies the numbered migration scripts embedded in an assembly (<c>Migrations/Sqlite/0001_x.sql</c>,
/// <c>Migrations/SqlServer/0001_x.sql</c>), each once, recording them in <c>schema_versions</c>.
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    private static class SqliteSql
    {
        public const string CreateVersions = """
            CREATE TABLE IF NOT EXISTS schema_versions (
                module     TEXT    NOT NULL,
                version    INTEGER NOT NULL,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL,
                PRIMARY KEY (module, version));
            """;

        public const string SelectApplied = "SELECT version FROM schema_versions WHERE module = @Module";

        public const string InsertVersion = """
            INSERT INTO schema_versions (module, version, name, applied_at) VALUES (@Module, @Version, @Name, @AppliedAt)
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string CreateVersions = """
            IF OBJECT_ID(N'dbo.schema_versions', N'U') IS NULL
            CREATE TABLE dbo.schema_versions (
                module     NVARCHAR(200) NOT NULL,
                version    INT           NOT NULL,
                name       NVARCHAR(400) NOT NULL,
                applied_at BIGINT        NOT NULL,
                CONSTRAINT pk_schema_versions PRIMARY KEY (module, version));
            """;

        // Two instances starting together must not both apply a script: the lock serialises them. A negative result
        // (timeout, deadlock) means no lock: stop rather than migrate unguarded.
        public const string Lock = """
            DECLARE @result INT;
            EXEC @result = sp_getapplock @Resource = N'schema_versions', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 60000;
            IF @result < 0 THROW 51000, N'Could not take the schema_versions migration lock.', 1;
            """;

        public const string SelectApplied = "SELECT version FROM dbo.schema_versions WHERE module = @Module";

        public const string InsertVersion = """
            INSERT INTO dbo.schema_versions (module, version, name, applied_at) VALUES (@Module, @Version, @Name, @AppliedAt)
            """;
    }

    /// <summary>Applies every script of <paramref name="assembly"/> not yet recorded for this database.</summary>
    public async Task MigrateAsync(Database database, Assembly assembly, CancellationToken cancellationToken = default)
    {
        var module = assembly.GetName().Name!;
        var scripts = Scripts(assembly, database.Provider);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the file: set once, it lets readers run beside the single writer.
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.SqlServer)
        {
            // Longer than the lock's own 60 s wait, so a busy lock ends with its own message rather than a command timeout.
            await connection.ExecuteAsync(SqlServerSql.Lock, transaction: transaction, commandTimeout: 90);
        }

        // Under the lock: on an empty SQL Server database two instances would otherwise both pass the OBJECT_ID check
        // and the second CREATE TABLE would fail.
        await connection.ExecuteAsync(database.Sql(SqliteSql.CreateVersions, SqlServerSql.CreateVersions), transaction: transaction);

        var applied = (await connection.QueryAsync<int>(
            database.Sql(SqliteSql.SelectApplied, SqlServerSql.SelectApplied), new { Module = module }, transaction)).ToHashSet();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            foreach (var batch in script.Batches)
            {
                // SQL Server: no time limit (0). An index built on a table that grew for months (inbox_messages before
                // retention existed) can take longer than the default 30 s, and a timed-out migration would fail every
                // start. SQLite keeps its default, which only bounds waiting for a busy file.
                await connection.ExecuteAsync(batch, transaction: transaction, commandTimeout: database.Provider == DatabaseProvider.SqlServer ? 0 : null);
            }

            await connection.ExecuteAsync(
                database.Sql(SqliteSql.InsertVersion, SqlServerSql.InsertVersion),
                new { Module = module, script.Version, script.Name, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction);
            LogApplied(database.Name, module, script.Name);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The embedded scripts of one dialect, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Scripts(Assembly assembly, DatabaseProvider provider)
    {
        var folder = $".Migrations.{provider}.";
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => MigrationScript.Load(assembly, name, name[(name.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..]))
            .OrderBy(script => script.Version)
            .ToList();
        if (scripts.GroupBy(script => script.Version).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name}: migrations {string.Join(" and ", clash.Select(s => s.Name))} share the number {clash.Key:D4}.");
        }

        return scripts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database}: applied migration {Module}/{Script}")]
    private partial void LogApplied(string database, string module, string script);
}

/// <summary>One numbered migration file, split into batches on <c>GO</c> lines.</summary>
public sealed partial record MigrationScript(int Version, string Name, IReadOnlyList<string> Batches)
{
    public static MigrationScript Load(Assembly assembly, string resourceName, string fileName)
    {
        var match = VersionPrefix().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration '{resourceName}' must be named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var batches = GoLine().Split(text).Select(b => b.Trim()).Where(b => b.Length > 0).ToList();
        return new MigrationScript(int.Parse(match.Groups[1].Value), fileName, batches);
    }

    [GeneratedRegex(@"^(\d{4})_[\w-]+\.sql$")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
