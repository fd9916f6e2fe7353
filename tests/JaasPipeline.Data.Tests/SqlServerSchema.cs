using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The SQL Server schema the migrations build, read with ScriptDom (no server): every table's columns after every
/// CREATE TABLE, ALTER TABLE ... ADD and ALTER COLUMN, and every index and key, less the tables a DROP TABLE removed.
/// </summary>
public sealed class SqlServerSchema : TSqlFragmentVisitor
{
    private readonly Dictionary<(string Table, string Column), SqlServerColumn> columns = [];
    private readonly Dictionary<(string Table, string Index), SqlServerIndex> indexes = [];

    /// <summary>The schema of every swept migration, and the versions table the migrator itself creates.</summary>
    public static SqlServerSchema FromMigrations { get; } = Read(SqlServerStatements.All.Where(statement =>
        statement.Name.Contains(".sql batch ", StringComparison.Ordinal) || statement.Name == "SchemaMigrator.SqlServerSql.CreateVersions"));

    public IReadOnlyCollection<SqlServerColumn> Columns => columns.Values;

    public IReadOnlyCollection<SqlServerIndex> Indexes => indexes.Values;

    public SqlServerColumn? Column(string table, string column) => columns.GetValueOrDefault((table, column));

    public static SqlServerSchema Read(IEnumerable<SqlServerStatement> batches)
    {
        var schema = new SqlServerSchema();
        foreach (var batch in batches)
        {
            Parse(batch.Sql).Accept(schema);
        }

        return schema;
    }

    public static TSqlFragment Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return errors.Count == 0 ? fragment : throw new InvalidOperationException($"Not T-SQL: {errors[0].Message}{Environment.NewLine}{sql}");
    }

    public override void ExplicitVisit(CreateTableStatement node)
    {
        var table = node.SchemaObjectName.BaseIdentifier.Value;
        AddDefinition(table, node.Definition);
    }

    public override void ExplicitVisit(AlterTableAddTableElementStatement node) =>
        AddDefinition(node.SchemaObjectName.BaseIdentifier.Value, node.Definition);

    public override void ExplicitVisit(AlterTableAlterColumnStatement node)
    {
        var table = node.SchemaObjectName.BaseIdentifier.Value;
        var name = node.ColumnIdentifier.Value;
        columns[(table, name)] = Column(table, name, node.DataType, node.Collation?.Value);
    }

    public override void ExplicitVisit(DropTableStatement node)
    {
        foreach (var dropped in node.Objects.Select(o => o.BaseIdentifier.Value))
        {
            foreach (var key in columns.Keys.Where(k => k.Table == dropped).ToList())
            {
                columns.Remove(key);
            }

            foreach (var key in indexes.Keys.Where(k => k.Table == dropped).ToList())
            {
                indexes.Remove(key);
            }
        }
    }

    public override void ExplicitVisit(CreateIndexStatement node)
    {
        var table = node.OnName.BaseIdentifier.Value;
        indexes[(table, node.Name.Value)] = new SqlServerIndex(table, node.Name.Value, node.Clustered == true,
            node.Columns.Select(column => column.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList());
    }

    private void AddDefinition(string table, TableDefinition definition)
    {
        foreach (var column in definition.ColumnDefinitions)
        {
            var name = column.ColumnIdentifier.Value;
            columns[(table, name)] = Column(table, name, column.DataType, column.Collation?.Value);
            foreach (var key in column.Constraints.OfType<UniqueConstraintDefinition>())
            {
                var keyName = key.ConstraintIdentifier?.Value ?? $"{table}.{name}";
                indexes[(table, keyName)] = new SqlServerIndex(table, keyName, key.Clustered ?? key.IsPrimaryKey, [name]);
            }
        }

        foreach (var key in definition.TableConstraints.OfType<UniqueConstraintDefinition>())
        {
            var keyName = key.ConstraintIdentifier?.Value ?? table;
            indexes[(table, keyName)] = new SqlServerIndex(table, keyName, key.Clustered ?? key.IsPrimaryKey,
                key.Columns.Select(column => column.Column.MultiPartIdentifier.Identifiers[^1].Value).ToList());
        }
    }

    private static SqlServerColumn Column(string table, string name, DataTypeReference type, string? collation)
    {
        var sqlType = (SqlDataTypeReference)type;
        var length = sqlType.Parameters.Count == 0 ? 0
            : sqlType.Parameters[0] is MaxLiteral ? -1
            : int.Parse(sqlType.Parameters[0].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new SqlServerColumn(table, name, sqlType.SqlDataTypeOption, length, collation);
    }
}
