using System.ComponentModel.DataAnnotations;

namespace JaasPipeline.Data;

/// <summary>Where one service keeps its tables (bound from e.g. <c>Ingress:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string, e.g. <c>Data Source=data/ingress.db</c> or a SQL Server one.</summary>
    [Required(ErrorMessage = "a connection string is required")]
    public string ConnectionString { get; set; } = "";
}
