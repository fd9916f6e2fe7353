using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace JaasPipeline.Data.Tests;

/// <summary>One column as the SQL Server migrations leave it: its type, width in characters or bytes (-1: MAX) and collation.</summary>
public sealed record SqlServerColumn(string Table, string Name, SqlDataTypeOption Type, int Length, string? Collation)
{
    public bool IsCharacter => Type is SqlDataTypeOption.NVarChar or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar or SqlDataTypeOption.Char;

    /// <summary>Compares byte (code unit) for byte, as SQLite's default BINARY collation does.</summary>
    public bool ComparesBinary => !IsCharacter || (Collation?.Contains("_BIN", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Bytes the column takes in an index key (its widest value).</summary>
    public int KeyBytes => Type switch
    {
        SqlDataTypeOption.NVarChar or SqlDataTypeOption.NChar => Length * 2,
        SqlDataTypeOption.VarChar or SqlDataTypeOption.Char or SqlDataTypeOption.VarBinary or SqlDataTypeOption.Binary => Length,
        SqlDataTypeOption.BigInt or SqlDataTypeOption.Float => 8,
        SqlDataTypeOption.Int => 4,
        SqlDataTypeOption.UniqueIdentifier => 16,
        SqlDataTypeOption.Bit => 1,
        _ => throw new InvalidOperationException($"{Table}.{Name}: no key width known for {Type}"),
    };
}
