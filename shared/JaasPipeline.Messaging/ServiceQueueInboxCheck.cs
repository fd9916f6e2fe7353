using Dapper;
using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// Stops start-up when a service queue has no database of its name, or that database has no inbox table: its
/// consumers would otherwise run without the inbox and fail only at their first message.
/// </summary>
/// <remarks>
/// Runs in <see cref="StartAsync"/>, after every database's migrations (they run in the hosts' StartingAsync), and is
/// registered before MassTransit's hosted service, so the bus never starts consuming on a queue without its inbox.
/// </remarks>
public sealed class ServiceQueueInboxCheck(IServiceProvider services, IEnumerable<ServiceQueueName> queues) : IHostedService
{
    private static class SqliteSql
    {
        public const string InboxExists = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'inbox_messages'";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string InboxExists = "SELECT COUNT(*) FROM sys.tables WHERE name = 'inbox_messages' AND schema_id = SCHEMA_ID('dbo')";
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var queue in queues.Select(queue => queue.Name).Distinct(StringComparer.Ordinal))
        {
            if (services.GetKeyedService<Database>(queue) is not { } database)
            {
                failures.Add($"the service queue '{queue}' has consumers but the host registers no database named '{queue}' (AddConsumerDatabase), so they would run without their inbox.");
            }
            else if (!await HasInboxAsync(database, cancellationToken))
            {
                failures.Add($"the database '{queue}' of the service queue '{queue}' has no inbox_messages table after its migrations: register it with AddConsumerDatabase.");
            }
        }

        if (failures.Count > 0)
        {
            // An options failure, so that the host reports it as it reports a bad setting: one line each, exit code 2.
            throw new OptionsValidationException(nameof(ServiceQueueInboxCheck), typeof(DatabaseOptions), failures);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<bool> HasInboxAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            database.Sql(SqliteSql.InboxExists, SqlServerSql.InboxExists), cancellationToken: cancellationToken)) > 0;
    }
}
