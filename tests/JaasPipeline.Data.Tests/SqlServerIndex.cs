namespace JaasPipeline.Data.Tests;

/// <summary>An index or key as the SQL Server migrations declare it.</summary>
public sealed record SqlServerIndex(string Table, string Name, bool Clustered, IReadOnlyList<string> Columns);
