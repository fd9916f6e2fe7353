using Dapper;
using JaasPipeline.Analytics.Reports;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;

namespace JaasPipeline.Analytics.Quality;

/// <summary>A statistics file waiting to be summarized (init properties: Dapper converts SQLite's INTEGER and SQL Server's INT alike).</summary>
public sealed record PendingStatisticsFile
{
    public string IdempotencyKey { get; init; } = "";

    public string StoragePath { get; init; } = "";

    public int Attempts { get; init; }
}

/// <summary>The call-quality table: one row per statistics file, pending until summarized.</summary>
public sealed class CallQualityStore(Database database)
{
    private const string SummaryColumns = """
        participant_id AS ParticipantId, participant_name AS Name, endpoint_id AS EndpointId, rtt_ms_mean AS RttMsMean,
        rtt_ms_p95 AS RttMsP95, jitter_ms_mean AS JitterMsMean, packet_loss_percent AS PacketLossPercent,
        inbound_kbps AS InboundKbps, outbound_kbps AS OutboundKbps, duration_seconds AS DurationSeconds,
        ice_reconnects AS IceReconnects, ice_failed AS IceFailed, malformed_lines AS MalformedLines, rtt_source AS RttSource,
        status AS Status, error AS Reason, sha256 AS Sha256
        """;

    private static class SqliteSql
    {
        public const string AddPending = """
            INSERT INTO analytics_call_quality (idempotency_key, artifact_id, session_id, storage_path, sha256, participant_id,
                participant_name, endpoint_id, received_at, status)
            VALUES (@IdempotencyKey, @ArtifactId, @SessionId, @StoragePath, @Sha256, @ParticipantId, @ParticipantName, @EndpointId,
                @ReceivedAt, 'pending')
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

        public const string Pending = """
            SELECT idempotency_key AS IdempotencyKey, storage_path AS StoragePath, attempts AS Attempts
            FROM analytics_call_quality WHERE status = 'pending' ORDER BY received_at LIMIT @Limit
            """;

        public const string SaveSummary = """
            UPDATE analytics_call_quality SET status = @Status, summarized_at = @Now, rtt_ms_mean = @RttMsMean, rtt_ms_p95 = @RttMsP95,
                jitter_ms_mean = @JitterMsMean, packet_loss_percent = @PacketLossPercent, inbound_kbps = @InboundKbps,
                outbound_kbps = @OutboundKbps, duration_seconds = @DurationSeconds, ice_reconnects = @IceReconnects,
                ice_failed = @IceFailed, malformed_lines = @MalformedLines, rtt_source = @RttSource, error = @LimitReason
            WHERE idempotency_key = @IdempotencyKey
            """;

        public const string SaveFailure = """
            UPDATE analytics_call_quality SET status = @Status, error = @Error WHERE idempotency_key = @IdempotencyKey
            """;

        public const string BeginAttempt = "UPDATE analytics_call_quality SET attempts = attempts + 1 WHERE idempotency_key = @IdempotencyKey";

        public const string OfSession = "SELECT " + SummaryColumns + """
             FROM analytics_call_quality WHERE session_id = @SessionId
            """;

        public const string AnyOfSession = "SELECT COUNT(*) FROM analytics_call_quality WHERE session_id = @SessionId";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string AddPending = """
            INSERT INTO dbo.analytics_call_quality (idempotency_key, artifact_id, session_id, storage_path, sha256, participant_id,
                participant_name, endpoint_id, received_at, status)
            SELECT @IdempotencyKey, @ArtifactId, @SessionId, @StoragePath, @Sha256, @ParticipantId, @ParticipantName, @EndpointId,
                @ReceivedAt, 'pending'
            WHERE NOT EXISTS (SELECT 1 FROM dbo.analytics_call_quality WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = @IdempotencyKey)
            """;

        public const string Pending = """
            SELECT TOP (@Limit) idempotency_key AS IdempotencyKey, storage_path AS StoragePath, attempts AS Attempts
            FROM dbo.analytics_call_quality WHERE status = 'pending' ORDER BY received_at
            """;

        public const string SaveSummary = """
            UPDATE dbo.analytics_call_quality SET status = @Status, summarized_at = @Now, rtt_ms_mean = @RttMsMean, rtt_ms_p95 = @RttMsP95,
                jitter_ms_mean = @JitterMsMean, packet_loss_percent = @PacketLossPercent, inbound_kbps = @InboundKbps,
                outbound_kbps = @OutboundKbps, duration_seconds = @DurationSeconds, ice_reconnects = @IceReconnects,
                ice_failed = @IceFailed, malformed_lines = @MalformedLines, rtt_source = @RttSource, error = @LimitReason
            WHERE idempotency_key = @IdempotencyKey
            """;

        public const string SaveFailure = """
            UPDATE dbo.analytics_call_quality SET status = @Status, error = @Error WHERE idempotency_key = @IdempotencyKey
            """;

        public const string BeginAttempt = "UPDATE dbo.analytics_call_quality SET attempts = attempts + 1 WHERE idempotency_key = @IdempotencyKey";

        public const string OfSession = "SELECT " + SummaryColumns + """
             FROM dbo.analytics_call_quality WHERE session_id = @SessionId
            """;

        public const string AnyOfSession = "SELECT COUNT(*) FROM dbo.analytics_call_quality WHERE session_id = @SessionId";
    }

    /// <summary>Notes a stored statistics file in the consumer's inbox transaction; the same event's file is noted once.</summary>
    public Task AddPendingAsync(InboxTransaction inbox, ArtifactStored stored) =>
        inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.AddPending, SqlServerSql.AddPending),
            new
            {
                stored.IdempotencyKey,
                ArtifactId = database.Provider == DatabaseProvider.Sqlite ? (object)stored.ArtifactId.ToString() : stored.ArtifactId,
                stored.SessionId,
                stored.StoragePath,
                stored.Sha256,
                stored.ParticipantId,
                stored.ParticipantName,
                stored.EndpointId,
                ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            inbox.Transaction);

    public async Task<IReadOnlyList<PendingStatisticsFile>> PendingAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PendingStatisticsFile>(new CommandDefinition(
            database.Sql(SqliteSql.Pending, SqlServerSql.Pending), new { Limit = limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Counts an attempt before the file is read, committed: a read that takes the process down (an out-of-memory kill)
    /// still used up an attempt, so such a file is given up after the limit instead of crash-looping the host.
    /// </summary>
    public async Task BeginAttemptAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.BeginAttempt, SqlServerSql.BeginAttempt), new { IdempotencyKey = idempotencyKey }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores a file's figures: <c>done</c>, or <c>limited</c> with the reason when a limit cut the reading short.</summary>
    public async Task SaveSummaryAsync(string idempotencyKey, CallQuality summary, string? limitReason, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = CallQualityRow.From(summary);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.SaveSummary, SqlServerSql.SaveSummary),
            new
            {
                IdempotencyKey = idempotencyKey,
                Status = limitReason is null ? CallQualityStatuses.Done : CallQualityStatuses.Limited,
                LimitReason = limitReason,
                Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                row.RttMsMean, row.RttMsP95, row.JitterMsMean, row.PacketLossPercent, row.InboundKbps,
                row.OutboundKbps, row.DurationSeconds, row.IceReconnects, row.IceFailed, row.MalformedLines, row.RttSource,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records a failed attempt (counted when it began); <paramref name="status"/> stays <c>pending</c> for another try, or is final (<c>missing</c>, <c>failed</c>).</summary>
    public async Task SaveFailureAsync(string idempotencyKey, string status, string error, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.SaveFailure, SqlServerSql.SaveFailure),
            new { IdempotencyKey = idempotencyKey, Status = status, Error = error },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Every statistics file of a meeting with its status, summarized or not (issue 23: a participant whose file could not
    /// be read is listed with the reason, not left out). The same file noted under two event keys (JaaS re-sent the event:
    /// the same participant, endpoint and SHA-256) counts once, as its furthest status; identical summaries count once.
    /// </summary>
    public async Task<IReadOnlyList<CallQuality>> OfSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CallQualityRow>(new CommandDefinition(
            database.Sql(SqliteSql.OfSession, SqlServerSql.OfSession), new { SessionId = sessionId }, cancellationToken: cancellationToken));
        return rows
            .GroupBy(row => (row.Sha256, row.ParticipantId, row.EndpointId))
            .Select(file => file.OrderBy(row => CallQualityStatuses.Rank(row.Status)).First().ToCallQuality())
            .Distinct()
            .ToList();
    }

    /// <summary>Whether any statistics file (summarized or not) is known for the meeting.</summary>
    public async Task<bool> AnyOfSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            database.Sql(SqliteSql.AnyOfSession, SqlServerSql.AnyOfSession), new { SessionId = sessionId }, cancellationToken: cancellationToken)) > 0;
    }
}
