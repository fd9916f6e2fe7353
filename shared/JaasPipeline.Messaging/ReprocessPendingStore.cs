using Dapper;
using JaasPipeline.Data;

namespace JaasPipeline.Messaging;

/// <summary>A meeting cleared for reprocessing whose replay has not been scheduled yet.</summary>
public sealed record ReprocessPending(string SessionId, DateTimeOffset ClearedAt);

/// <summary>
/// <c>reprocess_pending</c> in a consumer service's database: the meetings <see cref="MeetingClearing"/> cleared whose
/// replay is still owed. The marker is written in the clearing's transaction and deleted only after the ingress
/// scheduled the replay (the outbox then holds it durably), so a replay that failed, or a <c>jaas-ops</c> that died
/// between the two steps, leaves the marker behind for the next run to finish.
/// </summary>
public sealed class ReprocessPendingStore(Database database)
{
    private static class SqliteSql
    {
        // Newest first; the cursor is the last item's (cleared_at, session_id).
        public const string Page = """
            SELECT session_id AS SessionId, cleared_at AS ClearedAt FROM reprocess_pending
            WHERE @AfterClearedAt IS NULL OR cleared_at < @AfterClearedAt OR (cleared_at = @AfterClearedAt AND session_id < @AfterSessionId)
            ORDER BY cleared_at DESC, session_id DESC LIMIT @Limit
            """;

        public const string Remove = "DELETE FROM reprocess_pending WHERE session_id = @SessionId";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string Page = """
            SELECT TOP (@Limit) session_id AS SessionId, cleared_at AS ClearedAt FROM dbo.reprocess_pending
            WHERE @AfterClearedAt IS NULL OR cleared_at < @AfterClearedAt OR (cleared_at = @AfterClearedAt AND session_id < @AfterSessionId)
            ORDER BY cleared_at DESC, session_id DESC
            """;

        public const string Remove = "DELETE FROM dbo.reprocess_pending WHERE session_id = @SessionId";
    }

    /// <summary>One page of the pending meetings, newest clearing first, after (<paramref name="afterClearedAt"/>, <paramref name="afterSessionId"/>).</summary>
    public async Task<IReadOnlyList<ReprocessPending>> PageAsync(int limit, long? afterClearedAt, string? afterSessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string SessionId, long ClearedAt)>(new CommandDefinition(
            database.Sql(SqliteSql.Page, SqlServerSql.Page),
            new { Limit = limit, AfterClearedAt = afterClearedAt, AfterSessionId = afterSessionId ?? "" }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new ReprocessPending(row.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(row.ClearedAt)))];
    }

    /// <summary>Forgets the meeting's marker once its replay is scheduled; true when there was one.</summary>
    public async Task<bool> RemoveAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.Remove, SqlServerSql.Remove), new { SessionId = sessionId }, cancellationToken: cancellationToken)) > 0;
    }
}
