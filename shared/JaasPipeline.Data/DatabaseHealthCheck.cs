using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JaasPipeline.Data;

/// <summary>Ready when the service's database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    /// <summary>
    /// How long a probe may take. A SQL Server that accepts the connection but does not answer would otherwise hold
    /// the probe for the connection string's Connect Timeout (15 s by default), longer than a load balancer waits.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy($"{database.Provider} database answers");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} database does not answer", exception);
        }
    }
}
