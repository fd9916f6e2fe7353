using System.Data;
using Dapper;

namespace JaasPipeline.Data;

/// <summary>
/// Every time column of JaasPipeline is Unix milliseconds (BIGINT / INTEGER): the unit of JaaS timestamps, and the
/// same in both dialects. This handler lets Dapper read such columns into <see cref="DateTimeOffset"/> properties.
/// Writes pass <c>ToUnixTimeMilliseconds()</c> explicitly: Dapper keeps its built-in conversion for DateTimeOffset
/// parameters of anonymous objects, so <see cref="SetValue"/> cannot be relied on there.
/// </summary>
public sealed class UnixMillisecondsTypeHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    private static int registered;

    /// <summary>Registers the handler with Dapper once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            SqlMapper.AddTypeHandler(new UnixMillisecondsTypeHandler());
        }
    }

    public override DateTimeOffset Parse(object value) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value));

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.Int64;
        parameter.Value = value.ToUnixTimeMilliseconds();
    }
}
