using Dapper;
using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Messaging;

/// <summary>
/// Stops start-up when the database of a service queue has no inbox table after its migrations (it was registered
/// with <c>AddServiceDatabase</c> instead of <see cref="MessagingServiceCollectionExtensions.AddConsumerDatabase"/>,
/// or the table was dropped): every message of the queue would otherwise fail in its inbox, then sit in the error queue.
/// </summary>
/// <remarks>
/// Runs in <see cref="StartAsync"/>, after every database's migrations (they run in the hosted services'
/// StartingAsync), and is registered before MassTransit's hosted service, so the bus does not start. That a queue has a
/// database at all is checked earlier, with the settings (<see cref="ServiceQueueDatabaseValidator"/>).
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
            // ServiceQueueDatabaseValidator has made sure the database is there.
            if (!await HasInboxAsync(services.GetRequiredKeyedService<Database>(queue), cancellationToken))
            {
                failures.Add($"Messaging: the database '{queue}' of the service queue '{queue}' has no inbox_messages table after its migrations (register it with AddConsumerDatabase).");
            }
        }

        if (failures.Count > 0)
        {
            // An options failure, so that RunAndReportBadSettings says it as it says a bad setting ("Not starting: …",
            // exit code 2); the host's own "Hosting failed to start" comes first, as for any failure once it is starting.
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
