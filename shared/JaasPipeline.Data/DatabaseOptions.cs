using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace JaasPipeline.Data;

/// <summary>Where one service keeps its tables (bound from e.g. <c>Ingress:Database</c>).</summary>
public sealed class DatabaseOptions
{
    [Description("Sqlite, or SqlServer: the production database when services run on several machines.")]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string, e.g. <c>Data Source=data/ingress.db</c> or a SQL Server one.</summary>
    [Required(ErrorMessage = "a connection string is required")]
    [Description("A SQLite connection string (a relative Data Source is under the folder the host is started in) or a SQL Server one naming server and database (checked at start-up; the database must exist, the host creates its tables).")]
    public string ConnectionString { get; set; } = "";
}
