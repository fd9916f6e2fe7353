using Dapper;
using JaasPipeline.Data;

namespace JaasPipeline.Ingress.DeliveryLog;

/// <summary>
/// Reads the delivery log from the ingress's own tables: accepted rows and their counted repeats (outbox_deliveries),
/// conflicting repeats (delivery_conflicts) and refused bodies (rejected_deliveries), newest first, a page at a time.
/// </summary>
public sealed class DeliveryLogStore(Database database)
{
    private static class SqliteSql
    {
        // Each branch is bounded by its own time index; rank orders entries of the same millisecond.
        public const string Page = """
            SELECT outcome AS Outcome, id AS Id, rank AS Rank, at AS At, idempotency_key AS IdempotencyKey, event_type AS EventType,
                   session_id AS SessionId, reason AS Reason, detail AS Detail, times AS TimesReceived, published_at AS PublishedAt,
                   parked_reason AS ParkedReason, body AS Body
            FROM (
                SELECT 'accepted' AS outcome, 4 AS rank, id, received_at AS at, idempotency_key, event_type, session_id,
                       NULL AS reason, NULL AS detail, 1 AS times, published_at, parked_reason,
                       CASE WHEN @WithBody = 1 THEN body END AS body
                FROM outbox_deliveries
                WHERE @Accepted = 1 AND received_at >= @From AND received_at <= @To
                UNION ALL
                SELECT 'duplicate', 3, id, last_duplicate_at, idempotency_key, event_type, session_id,
                       NULL, NULL, duplicates_received, published_at, parked_reason,
                       CASE WHEN @WithBody = 1 THEN body END
                FROM outbox_deliveries
                WHERE @Duplicate = 1 AND last_duplicate_at >= @From AND last_duplicate_at <= @To
                UNION ALL
                SELECT 'conflict', 2, c.id, c.received_at, c.idempotency_key, o.event_type, o.session_id,
                       'conflict', 'The idempotency key was accepted before with a different body; this body was kept, not published.',
                       1, NULL, NULL, CASE WHEN @WithBody = 1 THEN c.body END
                FROM delivery_conflicts AS c LEFT JOIN outbox_deliveries AS o ON o.idempotency_key = c.idempotency_key
                WHERE @Conflict = 1 AND c.received_at >= @From AND c.received_at <= @To
                UNION ALL
                SELECT 'rejected', 1, id, last_received_at, idempotency_key, event_type, session_id,
                       reason, detail, times_received, NULL, NULL, CASE WHEN @WithBody = 1 THEN body END
                FROM rejected_deliveries
                WHERE @Rejected = 1 AND last_received_at >= @From AND last_received_at <= @To
            ) AS arrivals
            WHERE (@SessionId IS NULL OR session_id = @SessionId) AND (@EventType IS NULL OR event_type = @EventType)
              AND (at < @BeforeAt OR (at = @BeforeAt AND (rank < @BeforeRank OR (rank = @BeforeRank AND id < @BeforeId))))
            ORDER BY at DESC, rank DESC, id DESC
            LIMIT @Limit
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string Page = """
            SELECT TOP (@Limit) outcome AS Outcome, id AS Id, rank AS Rank, at AS At, idempotency_key AS IdempotencyKey,
                   event_type AS EventType, session_id AS SessionId, reason AS Reason, detail AS Detail, times AS TimesReceived,
                   published_at AS PublishedAt, parked_reason AS ParkedReason, body AS Body
            FROM (
                SELECT N'accepted' AS outcome, 4 AS rank, id, received_at AS at, idempotency_key, event_type, session_id,
                       CAST(NULL AS NVARCHAR(100)) AS reason, CAST(NULL AS NVARCHAR(MAX)) AS detail, CAST(1 AS BIGINT) AS times,
                       published_at, parked_reason, CASE WHEN @WithBody = 1 THEN body END AS body
                FROM dbo.outbox_deliveries
                WHERE @Accepted = 1 AND received_at >= @From AND received_at <= @To
                UNION ALL
                SELECT N'duplicate', 3, id, last_duplicate_at, idempotency_key, event_type, session_id,
                       NULL, NULL, duplicates_received, published_at, parked_reason, CASE WHEN @WithBody = 1 THEN body END
                FROM dbo.outbox_deliveries
                WHERE @Duplicate = 1 AND last_duplicate_at >= @From AND last_duplicate_at <= @To
                UNION ALL
                SELECT N'conflict', 2, c.id, c.received_at, c.idempotency_key, o.event_type, o.session_id,
                       N'conflict', N'The idempotency key was accepted before with a different body; this body was kept, not published.',
                       1, NULL, NULL, CASE WHEN @WithBody = 1 THEN c.body END
                FROM dbo.delivery_conflicts AS c LEFT JOIN dbo.outbox_deliveries AS o ON o.idempotency_key = c.idempotency_key
                WHERE @Conflict = 1 AND c.received_at >= @From AND c.received_at <= @To
                UNION ALL
                SELECT N'rejected', 1, id, last_received_at, idempotency_key, event_type, session_id,
                       reason, detail, times_received, NULL, NULL, CASE WHEN @WithBody = 1 THEN body END
                FROM dbo.rejected_deliveries
                WHERE @Rejected = 1 AND last_received_at >= @From AND last_received_at <= @To
            ) AS arrivals
            WHERE (@SessionId IS NULL OR session_id = @SessionId) AND (@EventType IS NULL OR event_type = @EventType)
              AND (at < @BeforeAt OR (at = @BeforeAt AND (rank < @BeforeRank OR (rank = @BeforeRank AND id < @BeforeId))))
            ORDER BY at DESC, rank DESC, id DESC
            """;
    }

    /// <summary>Up to <see cref="DeliveryLogQuery.PageSize"/> entries, newest first, and the cursor of the next page (null: none).</summary>
    public async Task<(IReadOnlyList<DeliveryLogEntry> Entries, DeliveryLogCursor? Next)> ReadPageAsync(DeliveryLogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DeliveryLogEntry>(new CommandDefinition(
            database.Sql(SqliteSql.Page, SqlServerSql.Page),
            new
            {
                query.SessionId,
                query.EventType,
                query.From,
                query.To,
                WithBody = query.WithBody,
                Accepted = query.Outcome is null or "accepted",
                Duplicate = query.Outcome is null or "duplicate",
                Conflict = query.Outcome is null or "conflict",
                Rejected = query.Outcome is null or "rejected",
                BeforeAt = query.Before?.At ?? long.MaxValue,
                BeforeRank = query.Before?.Rank ?? long.MaxValue,
                BeforeId = query.Before?.Id ?? long.MaxValue,
                Limit = query.PageSize + 1,
            },
            cancellationToken: cancellationToken))).ToList();
        if (rows.Count <= query.PageSize)
        {
            return (rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        var last = rows[^1];
        return (rows, new DeliveryLogCursor(last.At, last.Rank, last.Id));
    }
}
