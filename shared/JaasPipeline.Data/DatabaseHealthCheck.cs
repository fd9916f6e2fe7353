using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JaasPipeline.Data;

/// <summary>Ready when the service's database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>("SELECT 1");
            return HealthCheckResult.Healthy($"{database.Provider} database answers");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} database does not answer", exception);
        }
    }
}
