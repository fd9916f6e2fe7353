namespace JaasPipeline.Data;

/// <summary>The two database engines a service can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: a SQLite file on local disk.</summary>
    Sqlite,

    /// <summary>Production: Microsoft SQL Server.</summary>
    SqlServer,
}
