using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using JaasPipeline.Data;
using JaasPipeline.Ingress.Replay;
using JaasPipeline.Ingress.Webhooks;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>The ingress's tables: the outbox, conflicts, rejected deliveries and relay checkpoints.</summary>
/// <remarks>Every write takes the database's write turn first (SQLite has one writer per file; see Database).</remarks>
public sealed class OutboxStore(Database database)
{
    private static class SqliteSql
    {
        public const string InsertDelivery = """
            INSERT INTO outbox_deliveries (idempotency_key, event_type, session_id, received_at, body, body_sha256, trace_parent, trace_state)
            VALUES (@IdempotencyKey, @EventType, @SessionId, @ReceivedAt, @Body, @BodySha256, @TraceParent, @TraceState)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

        public const string SelectBodyHash = "SELECT body_sha256 FROM outbox_deliveries WHERE idempotency_key = @IdempotencyKey";

        public const string RecordDuplicate = """
            UPDATE outbox_deliveries SET duplicates_received = duplicates_received + 1, last_duplicate_at = @ReceivedAt
            WHERE idempotency_key = @IdempotencyKey
            """;

        public const string InsertConflict = """
            INSERT INTO delivery_conflicts (idempotency_key, received_at, body, body_sha256)
            VALUES (@IdempotencyKey, @ReceivedAt, @Body, @BodySha256)
            """;

        // JaaS retries a refused body as it retries any other: the same bytes are kept once, with a count.
        public const string InsertRejected = """
            INSERT INTO rejected_deliveries (received_at, reason, detail, body, body_sha256, times_received, last_received_at, idempotency_key, event_type, session_id)
            VALUES (@ReceivedAt, @Reason, @Detail, @Body, @BodySha256, 1, @ReceivedAt, @IdempotencyKey, @EventType, @SessionId)
            ON CONFLICT (body_sha256) DO UPDATE SET
                times_received = rejected_deliveries.times_received + 1, last_received_at = excluded.last_received_at
            """;

        // Committed by the readiness check after a failed commit. It changes the row (a count of probes), so the commit
        // has pages to write: a write that changes nothing, or one rolled back, succeeds on a file that cannot be written.
        public const string ProbeWrite = """
            INSERT INTO relay_checkpoints (name, outbox_id) VALUES ('readiness-probe', 1)
            ON CONFLICT (name) DO UPDATE SET outbox_id = relay_checkpoints.outbox_id + 1
            """;

        public const string Claim = """
            UPDATE outbox_deliveries SET claimed_by = @RelayId, claimed_until = @ClaimedUntil
            WHERE id IN (
                SELECT id FROM outbox_deliveries
                WHERE published_at IS NULL AND parked_reason IS NULL AND (claimed_until IS NULL OR claimed_until < @Now)
                ORDER BY id LIMIT @BatchSize)
            RETURNING id, idempotency_key AS IdempotencyKey, event_type AS EventType, body, replay_queue AS ReplayQueue,
                      trace_parent AS TraceParent, trace_state AS TraceState
            """;

        public const string MarkPublished = """
            UPDATE outbox_deliveries SET published_at = @Now, published_by = @RelayId, claimed_by = NULL, claimed_until = NULL, replay_queue = NULL
            WHERE id IN (SELECT value FROM json_each(@Ids)) AND claimed_by = @RelayId
            """;

        public const string Release = """
            UPDATE outbox_deliveries SET claimed_by = NULL, claimed_until = NULL
            WHERE id IN (SELECT value FROM json_each(@Ids)) AND claimed_by = @RelayId
            """;

        public const string Defer = """
            UPDATE outbox_deliveries SET claimed_by = NULL, claimed_until = @Until
            WHERE id IN (SELECT value FROM json_each(@Ids)) AND claimed_by = @RelayId
            """;

        public const string Park = """
            UPDATE outbox_deliveries SET parked_reason = @Reason, claimed_by = NULL, claimed_until = NULL WHERE id = @Id
            """;

        public const string Backlog = """
            SELECT COUNT(*) AS Rows, MIN(received_at) AS OldestReceivedAt
            FROM outbox_deliveries WHERE published_at IS NULL AND parked_reason IS NULL
            """;

        public const string SelectCheckpoint = "SELECT outbox_id FROM relay_checkpoints WHERE name = @Name";

        public const string SaveCheckpoint = """
            INSERT INTO relay_checkpoints (name, outbox_id) VALUES (@Name, @OutboxId)
            ON CONFLICT (name) DO UPDATE SET outbox_id = excluded.outbox_id
            """;

        public const string Unpublish = "UPDATE outbox_deliveries SET published_at = NULL WHERE id > @AfterId AND published_at IS NOT NULL";

        // A slice of the rows a replay matches, in id order after the last slice. Rows still waiting are left alone:
        // they go out anyway.
        public const string SelectReplaySlice = """
            SELECT id FROM outbox_deliveries
            WHERE id > @AfterId AND published_at IS NOT NULL AND parked_reason IS NULL
              AND received_at >= @From AND received_at <= @To
              AND (@SessionId IS NULL OR session_id = @SessionId) AND (@EventType IS NULL OR event_type = @EventType)
            ORDER BY id LIMIT @SliceSize
            """;

        public const string ScheduleReplay = """
            UPDATE outbox_deliveries SET published_at = NULL, published_by = NULL, replay_queue = @Queue
            WHERE id IN (SELECT value FROM json_each(@Ids)) AND published_at IS NOT NULL
            """;

        // The rows of a re-drive (error-queues move on the in-memory bus) the outbox still holds and will send.
        public const string SelectHeld = """
            SELECT id FROM outbox_deliveries WHERE id IN (SELECT value FROM json_each(@Ids)) AND parked_reason IS NULL
            """;

        // One row to send again as it is (an in-memory retry): read only, so it works while the disk refuses writes.
        public const string SelectRow = """
            SELECT id, idempotency_key AS IdempotencyKey, event_type AS EventType, body, replay_queue AS ReplayQueue,
                   trace_parent AS TraceParent, trace_state AS TraceState
            FROM outbox_deliveries WHERE id = @Id AND parked_reason IS NULL
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        // UPDLOCK+HOLDLOCK: two instances inserting the same key serialise instead of both passing the check.
        public const string InsertDelivery = """
            INSERT INTO dbo.outbox_deliveries (idempotency_key, event_type, session_id, received_at, body, body_sha256, trace_parent, trace_state)
            SELECT @IdempotencyKey, @EventType, @SessionId, @ReceivedAt, @Body, @BodySha256, @TraceParent, @TraceState
            WHERE NOT EXISTS (SELECT 1 FROM dbo.outbox_deliveries WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = @IdempotencyKey)
            """;

        public const string SelectBodyHash = "SELECT body_sha256 FROM dbo.outbox_deliveries WHERE idempotency_key = @IdempotencyKey";

        public const string RecordDuplicate = """
            UPDATE dbo.outbox_deliveries SET duplicates_received = duplicates_received + 1, last_duplicate_at = @ReceivedAt
            WHERE idempotency_key = @IdempotencyKey
            """;

        public const string InsertConflict = """
            INSERT INTO dbo.delivery_conflicts (idempotency_key, received_at, body, body_sha256)
            VALUES (@IdempotencyKey, @ReceivedAt, @Body, @BodySha256)
            """;

        // UPDLOCK+HOLDLOCK: two instances refusing the same body serialise, so it is counted rather than inserted twice.
        public const string InsertRejected = """
            UPDATE dbo.rejected_deliveries WITH (UPDLOCK, HOLDLOCK)
            SET times_received = times_received + 1, last_received_at = @ReceivedAt
            WHERE body_sha256 = @BodySha256;
            IF @@ROWCOUNT = 0
                INSERT INTO dbo.rejected_deliveries (received_at, reason, detail, body, body_sha256, times_received, last_received_at, idempotency_key, event_type, session_id)
                VALUES (@ReceivedAt, @Reason, @Detail, @Body, @BodySha256, 1, @ReceivedAt, @IdempotencyKey, @EventType, @SessionId);
            """;

        public const string ProbeWrite = """
            UPDATE dbo.relay_checkpoints SET outbox_id = outbox_id + 1 WHERE name = N'readiness-probe';
            IF @@ROWCOUNT = 0
                INSERT INTO dbo.relay_checkpoints (name, outbox_id) VALUES (N'readiness-probe', 1);
            """;

        // READPAST skips rows another relay holds locked; the claim columns keep them off after its commit.
        public const string Claim = """
            WITH next_rows AS (
                SELECT TOP (@BatchSize) id, idempotency_key, event_type, body, replay_queue, trace_parent, trace_state, claimed_by, claimed_until
                FROM dbo.outbox_deliveries WITH (ROWLOCK, UPDLOCK, READPAST)
                WHERE published_at IS NULL AND parked_reason IS NULL AND (claimed_until IS NULL OR claimed_until < @Now)
                ORDER BY id)
            UPDATE next_rows SET claimed_by = @RelayId, claimed_until = @ClaimedUntil
            OUTPUT inserted.id, inserted.idempotency_key AS IdempotencyKey, inserted.event_type AS EventType, inserted.body,
                   inserted.replay_queue AS ReplayQueue, inserted.trace_parent AS TraceParent, inserted.trace_state AS TraceState
            """;

        public const string MarkPublished = """
            UPDATE dbo.outbox_deliveries SET published_at = @Now, published_by = @RelayId, claimed_by = NULL, claimed_until = NULL, replay_queue = NULL
            WHERE id IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@Ids)) AND claimed_by = @RelayId
            """;

        public const string Release = """
            UPDATE dbo.outbox_deliveries SET claimed_by = NULL, claimed_until = NULL
            WHERE id IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@Ids)) AND claimed_by = @RelayId
            """;

        public const string Defer = """
            UPDATE dbo.outbox_deliveries SET claimed_by = NULL, claimed_until = @Until
            WHERE id IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@Ids)) AND claimed_by = @RelayId
            """;

        public const string Park = """
            UPDATE dbo.outbox_deliveries SET parked_reason = @Reason, claimed_by = NULL, claimed_until = NULL WHERE id = @Id
            """;

        public const string Backlog = """
            SELECT COUNT_BIG(*) AS Rows, MIN(received_at) AS OldestReceivedAt
            FROM dbo.outbox_deliveries WHERE published_at IS NULL AND parked_reason IS NULL
            """;

        public const string SelectCheckpoint = "SELECT outbox_id FROM dbo.relay_checkpoints WHERE name = @Name";

        public const string SaveCheckpoint = """
            MERGE dbo.relay_checkpoints WITH (HOLDLOCK) AS target
            USING (SELECT @Name AS name, @OutboxId AS outbox_id) AS source ON target.name = source.name
            WHEN MATCHED THEN UPDATE SET outbox_id = source.outbox_id
            WHEN NOT MATCHED THEN INSERT (name, outbox_id) VALUES (source.name, source.outbox_id);
            """;

        public const string Unpublish = "UPDATE dbo.outbox_deliveries SET published_at = NULL WHERE id > @AfterId AND published_at IS NOT NULL";

        public const string SelectReplaySlice = """
            SELECT TOP (@SliceSize) id FROM dbo.outbox_deliveries
            WHERE id > @AfterId AND published_at IS NOT NULL AND parked_reason IS NULL
              AND received_at >= @From AND received_at <= @To
              AND (@SessionId IS NULL OR session_id = @SessionId) AND (@EventType IS NULL OR event_type = @EventType)
            ORDER BY id
            """;

        public const string ScheduleReplay = """
            UPDATE dbo.outbox_deliveries SET published_at = NULL, published_by = NULL, replay_queue = @Queue
            WHERE id IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@Ids)) AND published_at IS NOT NULL
            """;

        public const string SelectHeld = """
            SELECT id FROM dbo.outbox_deliveries WHERE id IN (SELECT CAST(value AS BIGINT) FROM OPENJSON(@Ids)) AND parked_reason IS NULL
            """;

        public const string SelectRow = """
            SELECT id, idempotency_key AS IdempotencyKey, event_type AS EventType, body, replay_queue AS ReplayQueue,
                   trace_parent AS TraceParent, trace_state AS TraceState
            FROM dbo.outbox_deliveries WHERE id = @Id AND parked_reason IS NULL
            """;
    }

    /// <summary>
    /// Commits a batch of the intake's writes (accepted deliveries and rejected bodies) in one transaction (group
    /// commit) and says what became of each.
    /// </summary>
    public async Task<DeliveryOutcome[]> CommitAsync(IReadOnlyList<IntakeWrite> deliveries, CancellationToken cancellationToken)
    {
        var outcomes = new DeliveryOutcome[deliveries.Count];
        // Rows are written in key order (ordinal, stable for a key sent twice): two instances committing overlapping
        // batches then take SQL Server's key locks in the same order and cannot deadlock each other. Rejected bodies
        // (no key) go first, in arrival order.
        var inKeyOrder = Enumerable.Range(0, deliveries.Count).OrderBy(i => (deliveries[i] as IncomingDelivery)?.IdempotencyKey, StringComparer.Ordinal);
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new DeliveryInsert(connection, transaction, database.Sql(SqliteSql.InsertDelivery, SqlServerSql.InsertDelivery));
        foreach (var i in inKeyOrder)
        {
            outcomes[i] = deliveries[i] switch
            {
                IncomingDelivery delivery => await CommitOneAsync(connection, transaction, insert, delivery),
                RejectedDelivery rejected => await KeepRejectedAsync(connection, transaction, rejected),
                var other => throw new ArgumentException($"Not an intake write: {other.GetType().Name}", nameof(deliveries)),
            };
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private async Task<DeliveryOutcome> CommitOneAsync(DbConnection connection, DbTransaction transaction, DeliveryInsert insert, IncomingDelivery delivery)
    {
        if (await insert.ExecuteAsync(delivery) == 1)
        {
            return DeliveryOutcome.Accepted;
        }

        var firstHash = await connection.QuerySingleAsync<byte[]>(
            database.Sql(SqliteSql.SelectBodyHash, SqlServerSql.SelectBodyHash), new { delivery.IdempotencyKey }, transaction);
        if (firstHash.AsSpan().SequenceEqual(delivery.BodySha256))
        {
            await connection.ExecuteAsync(database.Sql(SqliteSql.RecordDuplicate, SqlServerSql.RecordDuplicate), delivery, transaction);
            return DeliveryOutcome.Duplicate;
        }

        await connection.ExecuteAsync(database.Sql(SqliteSql.InsertConflict, SqlServerSql.InsertConflict), delivery, transaction);
        return DeliveryOutcome.Conflict;
    }

    /// <summary>Keeps the body of an authenticated delivery we refused, with why and what could be read of its envelope;
    /// a body refused before is counted again.</summary>
    public Task RejectAsync(byte[] body, string reason, string detail, CancellationToken cancellationToken) =>
        CommitAsync([new RejectedDelivery(body, reason, detail)], cancellationToken);

    private async Task<DeliveryOutcome> KeepRejectedAsync(DbConnection connection, DbTransaction transaction, RejectedDelivery rejected)
    {
        var envelope = DeliveryEnvelope.Peek(rejected.Body);
        var receivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.InsertRejected, SqlServerSql.InsertRejected),
            new
            {
                ReceivedAt = receivedAt, rejected.Reason, rejected.Detail, rejected.Body, BodySha256 = SHA256.HashData(rejected.Body),
                envelope.IdempotencyKey, envelope.EventType, envelope.SessionId,
            },
            transaction);
        return DeliveryOutcome.Rejected;
    }

    /// <summary>
    /// Commits a change to one probe row: throws if the outbox's database cannot commit a write now. It must reach the
    /// disk, as a delivery's commit does: a rolled-back write passes on a file that is full or read-only.
    /// </summary>
    public async Task ProbeWriteAsync(CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.ProbeWrite, SqlServerSql.ProbeWrite), transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Claims up to <paramref name="batchSize"/> unpublished rows for one relay, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxRow>> ClaimAsync(string relayId, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRow>(
            database.Sql(SqliteSql.Claim, SqlServerSql.Claim),
            new { RelayId = relayId, BatchSize = batchSize, Now = now, ClaimedUntil = now + (long)lease.TotalMilliseconds });
        // Neither RETURNING nor OUTPUT promises an order.
        return rows.OrderBy(row => row.Id).ToList();
    }

    public async Task MarkPublishedAsync(string relayId, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.MarkPublished, SqlServerSql.MarkPublished),
            new { RelayId = relayId, Ids = IdList(ids), Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }

    public async Task ReleaseAsync(string relayId, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(database.Sql(SqliteSql.Release, SqlServerSql.Release), new { RelayId = relayId, Ids = IdList(ids) });
    }

    /// <summary>Releases claimed rows but keeps every relay off them until <paramref name="delay"/> has passed.</summary>
    public async Task DeferAsync(string relayId, IReadOnlyCollection<long> ids, TimeSpan delay, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.Defer, SqlServerSql.Defer),
            new { RelayId = relayId, Ids = IdList(ids), Until = DateTimeOffset.UtcNow.Add(delay).ToUnixTimeMilliseconds() });
    }

    public async Task ParkAsync(long id, string reason, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(database.Sql(SqliteSql.Park, SqlServerSql.Park), new { Id = id, Reason = reason });
    }

    /// <summary>How many rows wait for the relay, and since when the oldest of them.</summary>
    public async Task<OutboxBacklog> ReadBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<OutboxBacklog>(database.Sql(SqliteSql.Backlog, SqlServerSql.Backlog));
    }

    public async Task<long> ReadCheckpointAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            database.Sql(SqliteSql.SelectCheckpoint, SqlServerSql.SelectCheckpoint), new { Name = name }) ?? 0;
    }

    public async Task SaveCheckpointAsync(string name, long outboxId, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            database.Sql(SqliteSql.SaveCheckpoint, SqlServerSql.SaveCheckpoint), new { Name = name, OutboxId = outboxId });
    }

    /// <summary>Marks rows after <paramref name="afterId"/> unpublished again, so the relay publishes them once more.</summary>
    public async Task<int> UnpublishAfterAsync(long afterId, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(database.Sql(SqliteSql.Unpublish, SqlServerSql.Unpublish), new { AfterId = afterId });
    }

    /// <summary>
    /// Marks the published rows <paramref name="request"/> matches unpublished again, for the relay to send once more
    /// (to <see cref="ReplayRequest.Queue"/> only, or published to every consumer). A slice of 2,000 rows per statement,
    /// so the relay and the intake get the database in between. Returns how many rows were scheduled.
    /// </summary>
    public async Task<int> ScheduleReplayAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        const int SliceSize = 2_000;
        var scheduled = 0;
        var afterId = 0L;
        while (true)
        {
            IReadOnlyList<long> ids;
            await using (var reader = await database.OpenAsync(cancellationToken))
            {
                ids = [.. await reader.QueryAsync<long>(new CommandDefinition(
                    database.Sql(SqliteSql.SelectReplaySlice, SqlServerSql.SelectReplaySlice),
                    new { AfterId = afterId, request.From, request.To, request.SessionId, request.EventType, SliceSize },
                    cancellationToken: cancellationToken))];
            }

            if (ids.Count == 0)
            {
                return scheduled;
            }

            using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            scheduled += await connection.ExecuteAsync(new CommandDefinition(
                database.Sql(SqliteSql.ScheduleReplay, SqlServerSql.ScheduleReplay),
                new { Ids = IdList([.. ids]), request.Queue }, cancellationToken: cancellationToken));
            afterId = ids[^1];
        }
    }

    /// <summary>How many published rows <paramref name="request"/> matches now: what <see cref="ScheduleReplayAsync"/> would schedule (a dry run).</summary>
    public async Task<int> CountReplayAsync(ReplayRequest request, CancellationToken cancellationToken)
    {
        const int SliceSize = 2_000;
        var matched = 0;
        var afterId = 0L;
        await using var connection = await database.OpenAsync(cancellationToken);
        while (true)
        {
            var ids = (await connection.QueryAsync<long>(new CommandDefinition(
                database.Sql(SqliteSql.SelectReplaySlice, SqlServerSql.SelectReplaySlice),
                new { AfterId = afterId, request.From, request.To, request.SessionId, request.EventType, SliceSize },
                cancellationToken: cancellationToken))).ToList();
            if (ids.Count == 0)
            {
                return matched;
            }

            matched += ids.Count;
            afterId = ids[^1];
        }
    }

    /// <summary>
    /// Schedules the rows <paramref name="ids"/> for a send to <paramref name="queue"/> only (an error-queue move on the
    /// in-memory bus), in one transaction; answers the ids the outbox holds (not deleted by retention, not parked). A
    /// held row still waiting to go out is left as it is: it is sent anyway.
    /// </summary>
    public async Task<IReadOnlySet<long>> ScheduleRedeliveryAsync(IReadOnlyCollection<long> ids, string queue, CancellationToken cancellationToken)
    {
        var idList = IdList(ids);
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var held = (await connection.QueryAsync<long>(new CommandDefinition(
            database.Sql(SqliteSql.SelectHeld, SqlServerSql.SelectHeld), new { Ids = idList }, transaction, cancellationToken: cancellationToken))).ToHashSet();
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.ScheduleReplay, SqlServerSql.ScheduleReplay), new { Ids = IdList(held), Queue = queue }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return held;
    }

    /// <summary>The row <paramref name="id"/> as the relay would claim it, or null if the outbox no longer holds it (retention) or it is parked.</summary>
    public async Task<OutboxRow?> ReadRowAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(
            database.Sql(SqliteSql.SelectRow, SqlServerSql.SelectRow), new { Id = id }, cancellationToken: cancellationToken));
    }

    // Id lists travel as one JSON array parameter (json_each / OPENJSON): no parameter-count limit, and the
    // statement stays plain SQL that ScriptDom can parse.
    private static string IdList(IReadOnlyCollection<long> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    // One command for a batch's inserts: SQLite compiles the statement once per batch, not once per delivery as a new
    // Dapper command each time would (that compiling was a measurable part of the intake's CPU). The parameters are
    // typed as Dapper types them: text as nvarchar(4000) (or max beyond), bytes as varbinary. A size is never below the
    // value's length (-1 beyond the limit): Microsoft.Data.Sqlite cuts a value down to its parameter's size.
    private sealed class DeliveryInsert : IAsyncDisposable
    {
        private readonly DbCommand command;
        private readonly DbParameter idempotencyKey, eventType, sessionId, receivedAt, body, bodySha256, traceParent, traceState;

        public DeliveryInsert(DbConnection connection, DbTransaction transaction, string sql)
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            idempotencyKey = Add("@IdempotencyKey", DbType.String);
            eventType = Add("@EventType", DbType.String);
            sessionId = Add("@SessionId", DbType.String);
            receivedAt = Add("@ReceivedAt", DbType.Int64);
            body = Add("@Body", DbType.Binary);
            bodySha256 = Add("@BodySha256", DbType.Binary);
            traceParent = Add("@TraceParent", DbType.String);
            traceState = Add("@TraceState", DbType.String);
        }

        public Task<int> ExecuteAsync(IncomingDelivery delivery)
        {
            SetText(idempotencyKey, delivery.IdempotencyKey);
            SetText(eventType, delivery.EventType);
            SetText(sessionId, delivery.SessionId);
            receivedAt.Value = delivery.ReceivedAt;
            SetBytes(body, delivery.Body);
            SetBytes(bodySha256, delivery.BodySha256);
            SetText(traceParent, delivery.TraceParent);
            SetText(traceState, delivery.TraceState);
            return command.ExecuteNonQueryAsync();
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();

        private static void SetText(DbParameter parameter, string? value)
        {
            parameter.Value = (object?)value ?? DBNull.Value;
            parameter.Size = value is { Length: > 4000 } ? -1 : 4000;
        }

        private static void SetBytes(DbParameter parameter, byte[] value)
        {
            parameter.Value = value;
            parameter.Size = value.Length > 8000 ? -1 : 8000;
        }

        private DbParameter Add(string name, DbType type)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
            return parameter;
        }
    }
}
