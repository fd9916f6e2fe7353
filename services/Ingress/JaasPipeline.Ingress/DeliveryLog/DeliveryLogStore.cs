using Dapper;
using JaasPipeline.Data;

namespace JaasPipeline.Ingress;

/// <summary>One line of the delivery log: a delivery as it arrived and what became of it.</summary>
public sealed class DeliveryLogEntry
{
    /// <summary><c>accepted</c>, <c>duplicate</c>, <c>conflict</c> or <c>rejected</c>.</summary>
    public string Outcome { get; init; } = "";

    /// <summary>The row's id in its table; with <see cref="Rank"/> and <see cref="At"/> it orders the log.</summary>
    public long Id { get; init; }

    public long Rank { get; init; }

    /// <summary>Unix ms: when it arrived (a duplicate or a rejected body: the last time it arrived).</summary>
    public long At { get; init; }

    public string? IdempotencyKey { get; init; }
    public string? EventType { get; init; }
    public string? SessionId { get; init; }
    public string? Reason { get; init; }
    public string? Detail { get; init; }

    /// <summary>How many times these bytes arrived with this outcome (duplicates and refusals are counted, not repeated).</summary>
    public long TimesReceived { get; init; }

    public long? PublishedAt { get; init; }
    public string? ParkedReason { get; init; }
    public byte[]? Body { get; init; }
}

/// <summary>What the delivery log is asked for; null filters match everything.</summary>
public sealed record DeliveryLogQuery(
    string? SessionId, string? EventType, string? Outcome, long From, long To, bool WithBody, int PageSize, DeliveryLogCursor? Before);

/// <summary>Where a page ended: the log continues with what sorts after (older than) this entry.</summary>
public sealed record DeliveryLogCursor(long At, long Rank, long Id)
{
    public override string ToString() => $"{At}.{Rank}.{Id}";

    public static DeliveryLogCursor? TryParse(string? text)
    {
        var parts = (text ?? "").Split('.');
        return parts.Length == 3 && long.TryParse(parts[0], out var at) && long.TryParse(parts[1], out var rank) && long.TryParse(parts[2], out var id)
            ? new DeliveryLogCursor(at, rank, id)
            : null;
    }
}

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
