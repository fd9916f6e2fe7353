using System.Data;
using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;

namespace JaasPipeline.Messaging;

/// <summary>What a consumer service's <c>Clear…</c> deletes for one meeting: its effect rows and its consumers' inbox rows.</summary>
/// <param name="Consumers">The inbox names (consumer class names) of the service's consumers whose inbox rows go.</param>
/// <param name="EffectKeys">Selects the idempotency keys behind the meeting's effect rows (parameter <c>@SessionId</c>).</param>
/// <param name="Deletes">Deletes the meeting's effect rows (parameter <c>@SessionId</c>), in this order.</param>
public sealed record MeetingEffects(IReadOnlyList<string> Consumers, string EffectKeys, IReadOnlyList<string> Deletes);

/// <summary>What clearing one meeting did (or, for a dry run, would do), or why it was refused (then nothing changed).</summary>
public sealed record MeetingCleared(string SessionId, int EffectRows, int InboxRows, string? Refusal)
{
    public bool IsRefused => Refusal is not null;

    public static MeetingCleared Refused(string sessionId, string refusal) => new(sessionId, 0, 0, refusal);
}

/// <summary>
/// Clears one meeting's effects and its inbox rows in one transaction, so the meeting's deliveries, replayed to the
/// service's queue, are handled as if for the first time. The inbox rows are found from the idempotency keys of the
/// meeting's accepted deliveries (the ingress's list): each MessageId is the UUIDv5 of its key (<see cref="JaasMessageId"/>).
/// </summary>
public static class MeetingClearing
{
    private static class SqliteSql
    {
        public const string ForgetInboxRows = """
            DELETE FROM inbox_messages
            WHERE consumer IN (SELECT value FROM json_each(@Consumers)) AND message_id IN (SELECT value FROM json_each(@MessageIds))
            """;

        public const string MarkPending = """
            INSERT INTO reprocess_pending (session_id, cleared_at) VALUES (@SessionId, @ClearedAt)
            ON CONFLICT (session_id) DO UPDATE SET cleared_at = excluded.cleared_at
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string ForgetInboxRows = """
            DELETE FROM dbo.inbox_messages
            WHERE consumer IN (SELECT value FROM OPENJSON(@Consumers))
              AND message_id IN (SELECT CAST(value AS UNIQUEIDENTIFIER) FROM OPENJSON(@MessageIds))
            """;

        public const string MarkPending = """
            UPDATE dbo.reprocess_pending SET cleared_at = @ClearedAt WHERE session_id = @SessionId;
            IF @@ROWCOUNT = 0 INSERT INTO dbo.reprocess_pending (session_id, cleared_at) VALUES (@SessionId, @ClearedAt);
            """;
    }

    /// <summary>
    /// Deletes the meeting's effects and the inbox rows of <paramref name="idempotencyKeys"/>, all or nothing. Refused
    /// (nothing deleted) when an effect row came from a delivery not in <paramref name="idempotencyKeys"/>: the ingress
    /// no longer holds it (retention) or it arrived after the list was read, so a replay could not bring it back.
    /// A clearing also writes the meeting into <c>reprocess_pending</c> (<see cref="ReprocessPendingStore"/>), in the same
    /// transaction: until its replay is scheduled, the meeting's effects exist nowhere but in the ingress's outbox, and
    /// the marker is how the next run knows to replay it. A <paramref name="dryRun"/> runs the same statements under the
    /// same rules and rolls back: the counts are what a clearing would delete now, and nothing changes.
    /// </summary>
    public static async Task<MeetingCleared> ClearAsync(
        Database database, MeetingEffects effects, string sessionId, IReadOnlyCollection<string> idempotencyKeys, bool dryRun,
        CancellationToken cancellationToken)
    {
        var keys = idempotencyKeys.ToHashSet(StringComparer.Ordinal);
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        // SQL Server: SERIALIZABLE takes key-range locks on the inbox rows and effects it reads and deletes, so a message of
        // this meeting consumed meanwhile commits wholly before (and is cleared) or wholly after (and is kept, its inbox
        // row with it): never an inbox row without its effect. SQLite has one writer: the write turn does the same.
        await using var transaction = await connection.BeginTransactionAsync(
            database.Provider == DatabaseProvider.SqlServer ? IsolationLevel.Serializable : IsolationLevel.Unspecified, cancellationToken);
        var stored = await connection.QueryAsync<string>(new CommandDefinition(
            effects.EffectKeys, new { SessionId = sessionId }, transaction, cancellationToken: cancellationToken));
        var unknown = stored.Where(key => !keys.Contains(key)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return MeetingCleared.Refused(sessionId,
                $"{unknown.Count} stored effect(s) of meeting {sessionId} came from deliveries the ingress did not list (e.g. {unknown[0]}): " +
                "no longer in its outbox (Ingress:PublishedRetention) or received after the list was read; a replay could not restore them.");
        }

        var effectRows = 0;
        foreach (var delete in effects.Deletes)
        {
            effectRows += await connection.ExecuteAsync(new CommandDefinition(delete, new { SessionId = sessionId }, transaction, cancellationToken: cancellationToken));
        }

        var messageIds = keys.Select(key => JaasMessageId.FromIdempotencyKey(key).ToString()).ToList();
        var inboxRows = await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.ForgetInboxRows, SqlServerSql.ForgetInboxRows),
            new { Consumers = System.Text.Json.JsonSerializer.Serialize(effects.Consumers), MessageIds = System.Text.Json.JsonSerializer.Serialize(messageIds) },
            transaction, cancellationToken: cancellationToken));
        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new MeetingCleared(sessionId, effectRows, inboxRows, null);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.MarkPending, SqlServerSql.MarkPending),
            new { SessionId = sessionId, ClearedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new MeetingCleared(sessionId, effectRows, inboxRows, null);
    }
}
