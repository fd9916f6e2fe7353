using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data;

/// <summary>
/// Reads one service's connection string the way its provider will, at start-up, so a mistake is one line naming the
/// key instead of a stack trace at the first query (or, on SQL Server, tables quietly created in <c>master</c>).
/// Messages name keys and what is wrong, never the connection string's values (it may hold a password).
/// </summary>
public sealed class DatabaseOptionsValidator(string name, string sectionPath) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, DatabaseOptions options)
    {
        if (optionsName != name || string.IsNullOrWhiteSpace(options.ConnectionString) || !Enum.IsDefined(options.Provider))
        {
            // Not this database, or already refused by the required/provider checks.
            return ValidateOptionsResult.Skip;
        }

        var problem = options.Provider == DatabaseProvider.Sqlite ? SqliteProblem(options.ConnectionString) : SqlServerProblem(options.ConnectionString);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail($"{sectionPath}:ConnectionString {problem}");
    }

    private string? SqliteProblem(string connectionString)
    {
        SqliteConnectionStringBuilder sqlite;
        try
        {
            sqlite = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException invalid)
        {
            return ReadsAsSqlServer(connectionString)
                ? $"is a SQL Server connection string but {sectionPath}:Provider is Sqlite: set {sectionPath}:Provider=SqlServer."
                : $"is not a valid SQLite connection string: {invalid.Message}";
        }

        // Each connection to ":memory:" (or to no file) is a new, empty database: the migrated tables would be gone.
        return string.IsNullOrWhiteSpace(sqlite.DataSource) || sqlite.DataSource == ":memory:" || sqlite.Mode == SqliteOpenMode.Memory
            ? "must name a database file (e.g. Data Source=data/service.db), not an in-memory database."
            : null;
    }

    private string? SqlServerProblem(string connectionString)
    {
        SqlConnectionStringBuilder sql;
        try
        {
            sql = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException or KeyNotFoundException)
        {
            return $"is not a valid SQL Server connection string: {invalid.Message}";
        }

        if (string.IsNullOrWhiteSpace(sql.DataSource))
        {
            return "names no server (e.g. Server=db.internal,1433).";
        }

        // "Data Source=data/ingress.db" is valid SqlClient syntax, for a server called data/ingress.db. No server name
        // has a '/' (instances use '\'); a bare "ingress.db" could be a host name, so it is left to the network to refuse.
        if (sql.DataSource.Contains('/'))
        {
            return $"names a file, not a server: for a SQLite file set {sectionPath}:Provider=Sqlite.";
        }

        // Without one the tables would go into the login's default database, usually master.
        return string.IsNullOrWhiteSpace(sql.InitialCatalog) ? "names no database (e.g. Database=ingress)." : null;
    }

    private static bool ReadsAsSqlServer(string connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new SqlConnectionStringBuilder(connectionString).DataSource);
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException or KeyNotFoundException)
        {
            return false;
        }
    }
}
