using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data;

/// <summary>What one pass of retention did to one table.</summary>
public sealed record RetentionResult(string Table, long Deleted, int Statements);

/// <summary>
/// The retention of one database: for each of its <see cref="RetentionRule"/>s, deletes the due rows a slice at a
/// time until none is left, then sleeps <see cref="RetentionOptions.Interval"/>. Its own hosted service, so a big
/// backlog of due rows never slows the work of the service that owns the tables.
/// </summary>
public sealed partial class DatabaseRetention(
    Database database,
    IEnumerable<RetentionRule> rules,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    RetentionMetrics metrics,
    ILogger<DatabaseRetention> logger) : BackgroundService
{
    private readonly IReadOnlyList<RetentionRule> rules = rules.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeleteDueRowsAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                metrics.PassFailures.Add(1, new KeyValuePair<string, object?>("database", database.Name));
                LogPassFailed(exception, database.Name, options.Value.Interval);
            }

            await Task.Delay(options.Value.Interval, clock, stoppingToken);
        }
    }

    /// <summary>One pass: every rule, slice after slice, until nothing due at the start of the pass is left.</summary>
    public async Task<IReadOnlyList<RetentionResult>> DeleteDueRowsAsync(CancellationToken cancellationToken)
    {
        var results = new List<RetentionResult>(rules.Count);
        foreach (var rule in rules)
        {
            results.Add(await DeleteDueRowsAsync(rule, cancellationToken));
        }

        return results;
    }

    private async Task<RetentionResult> DeleteDueRowsAsync(RetentionRule rule, CancellationToken cancellationToken)
    {
        var retention = rule.Retention();
        var sliceSize = options.Value.SliceSize;
        // Fixed for the pass: rows that fall due while it runs wait for the next one, so a pass always ends.
        var cutoff = clock.GetUtcNow().Subtract(retention).ToUnixTimeMilliseconds();
        var sql = database.Sql(rule.SqliteDelete, rule.SqlServerDelete);
        var tags = new TagList { { "database", database.Name }, { "table", rule.Table } };
        long deleted = 0;
        var statements = 0;
        int slice;
        do
        {
            // One statement per write turn: the service's own writers get in between two slices.
            using (await database.TakeWriteTurnAsync(cancellationToken))
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                slice = await connection.ExecuteAsync(
                    new CommandDefinition(sql, new { Cutoff = cutoff, SliceSize = sliceSize }, cancellationToken: cancellationToken));
            }

            statements++;
            deleted += slice;
            if (slice > 0)
            {
                metrics.RowsDeleted.Add(slice, tags);
            }
        }
        while (slice >= sliceSize);

        if (deleted > 0)
        {
            LogDeleted(database.Name, deleted, rule.Table, retention, rule.Setting, statements);
        }

        return new RetentionResult(rule.Table, deleted, statements);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention {Database}: deleted {Count} rows of {Table} older than {Retention} ({Setting}) in {Statements} statements")]
    private partial void LogDeleted(string database, long count, string table, TimeSpan retention, string setting, int statements);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention {Database}: a pass failed; next attempt in {Interval}")]
    private partial void LogPassFailed(Exception exception, string database, TimeSpan interval);
}
