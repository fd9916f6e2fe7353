namespace JaasPipeline.Data;

/// <summary>
/// One table's retention on one database: "delete the rows of <see cref="Table"/> older than <see cref="Retention"/>".
/// The statements are the module's own constants (one per dialect); each deletes at most <c>@SliceSize</c> rows that
/// are due at <c>@Cutoff</c> (Unix ms) and returns the affected row count. Table and column names never come from
/// configuration, only the age does.
/// </summary>
/// <param name="Table">The table, for logs and the <c>table</c> tag of the metric.</param>
/// <param name="Setting">The configuration key that says how long rows are kept, for logs.</param>
/// <param name="Retention">Reads the (validated) setting; called on every pass, so it always sees the bound value.</param>
/// <param name="SqliteDelete">SQLite: deletes one slice of due rows.</param>
/// <param name="SqlServerDelete">T-SQL: deletes one slice of due rows (a <c>SqlServerSql</c> constant, parsed by the tests).</param>
public sealed record RetentionRule(string Table, string Setting, Func<TimeSpan> Retention, string SqliteDelete, string SqlServerDelete);
