using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Data;

/// <summary>
/// The dialect seam: opens connections for one service's database and picks the statement of its dialect.
/// Everything else is plain Dapper over the returned <see cref="DbConnection"/>.
/// </summary>
public sealed class Database
{
    private readonly SemaphoreSlim sqliteWriter = new(1, 1);

    // A SQLite folder that could not be created: said by SqliteWriteProblem at start-up (opening then fails in SQLite's words).
    private readonly Exception? sqliteFolderProblem;

    public Database(string name, DatabaseOptions options)
    {
        Name = name;
        Provider = options.Provider;
        ConnectionString = options.ConnectionString;
        if (Provider == DatabaseProvider.Sqlite)
        {
            try
            {
                EnsureSqliteFolderExists(ConnectionString);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                sqliteFolderProblem = exception;
            }
        }
    }

    /// <summary>The owning service's name (also its key in DI and its queue name).</summary>
    public string Name { get; }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Where the data is, for people: the SQLite file's full path, or SQL Server's server and database (never credentials).</summary>
    public string Location => Provider == DatabaseProvider.Sqlite
        ? Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource)
        : new SqlConnectionStringBuilder(ConnectionString) is var sql ? $"{sql.DataSource}/{sql.InitialCatalog}" : "";

    /// <summary>
    /// For a SQLite database: why this process cannot create or write its file (a read-only or full folder, a file
    /// that cannot be opened), or null when it can. Creates the folder and the file, as the migrations would, and takes
    /// and drops a write lock. SQL Server is not checked here: it is a server, reached later with retries.
    /// </summary>
    public string? SqliteWriteProblem()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        try
        {
            if (sqliteFolderProblem is not null)
            {
                throw sqliteFolderProblem;
            }

            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            command.ExecuteNonQuery();
            return null;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            return $"the {Name} database {Location} cannot be written ({exception.Message}); " +
                "check that its folder exists or can be created, and that this user may write there";
        }
    }

    /// <summary>Opens a connection; SQLite connections get WAL-friendly per-connection settings.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(ConnectionString),
            DatabaseProvider.SqlServer => new SqlConnection(ConnectionString),
            _ => throw new InvalidOperationException($"Unknown database provider {Provider}."),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Provider == DatabaseProvider.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                // synchronous=NORMAL in WAL mode survives a process crash (kill -9) without an fsync per commit;
                // only an OS crash or power loss can lose the last commits. busy_timeout lets writers queue.
                pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for this process's turn to write. SQLite has one writer per file: queueing writers here costs nothing,
    /// while letting them collide makes each loser sleep and retry on SQLITE_BUSY. SQL Server needs no turn.
    /// </summary>
    public async ValueTask<WriteTurn> TakeWriteTurnAsync(CancellationToken cancellationToken = default)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return default;
        }

        await sqliteWriter.WaitAsync(cancellationToken);
        return new WriteTurn(sqliteWriter);
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is the database refusing one row's data (a constraint, a value too long or
    /// of the wrong type), as opposed to the database being unavailable, locked or read-only: the statement may well
    /// succeed for other rows.
    /// </summary>
    public bool IsRowFault(Exception exception) => exception switch
    {
        // SQLITE_TOOBIG, SQLITE_CONSTRAINT (also RAISE(ABORT) in a trigger), SQLITE_MISMATCH, SQLITE_RANGE.
        SqliteException sqlite => sqlite.SqliteErrorCode is 18 or 19 or 20 or 25,
        // Truncation (2628, 8152), NULL (515), FOREIGN KEY/CHECK (547), duplicate key (2601, 2627), conversion and
        // overflow (245, 8114, 8115).
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => e.Number is 2628 or 8152 or 515 or 547 or 2601 or 2627 or 245 or 8114 or 8115),
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) is the database refusing every write for now — full,
    /// read-only, an I/O error, locked or busy past its timeout, not reachable — as opposed to refusing this row's data
    /// (<see cref="IsRowFault"/>) or a bug: the same write, unchanged, succeeds once the disk has room again.
    /// </summary>
    public bool RefusesWrites(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            var refuses = current switch
            {
                // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL.
                SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14 or 15,
                // Filegroup or log full (1105, 9002), read-only database (3906), deadlock victim (1205), timeout (-2),
                // database or server not reachable (4060, 53, 233, 10053, 10054, 10060, 40613, 40501, 40197).
                SqlException sql => sql.Errors.Cast<SqlError>().Any(e => e.Number is 1105 or 9002 or 3906 or 1205 or -2 or 4060 or 53 or 233
                    or 10053 or 10054 or 10060 or 40613 or 40501 or 40197),
                _ => false,
            };
            if (refuses)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the statement written for this database's dialect.</summary>
    public string Sql(string sqlite, string sqlServer) => Provider == DatabaseProvider.Sqlite ? sqlite : sqlServer;

    private static void EnsureSqliteFolderExists(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}

/// <summary>A held write turn (see <see cref="Database.TakeWriteTurnAsync"/>); disposing it lets the next writer in.</summary>
public readonly struct WriteTurn(SemaphoreSlim? gate) : IDisposable
{
    public void Dispose() => gate?.Release();
}
