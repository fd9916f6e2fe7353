using System.Data.Common;
using Dapper;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Data;
using JaasPipeline.Messaging;

namespace JaasPipeline.MediaArtifacts;

/// <summary>The media-artifacts tables: rows recorded by the consumer, claimed and finished by the download worker.</summary>
public sealed class MediaArtifactsStore(Database database) : IMeetingDirectory
{
    private const string Columns = """
        artifact_id AS ArtifactId, idempotency_key AS IdempotencyKey, link_index AS LinkIndex, parent_id AS ParentId,
        event_type AS EventType, kind AS Kind, session_id AS SessionId, fqn AS Fqn, event_timestamp AS EventTimestamp, url AS Url,
        storage_host AS StorageHost, file_name AS FileName, file_key AS FileKey, expected_bytes AS ExpectedBytes, participant_id AS ParticipantId,
        participant_name AS ParticipantName, endpoint_id AS EndpointId, status AS Status, reason AS Reason, attempts AS Attempts,
        next_attempt_at AS NextAttemptAt, expires_at AS ExpiresAt, validator AS Validator, content_type AS ContentType,
        storage_key AS StorageKey, bytes AS Bytes, sha256 AS Sha256, created_at AS CreatedAt, stored_at AS StoredAt,
        published_at AS PublishedAt
        """;

    private const string InsertColumns = """
        (artifact_id, idempotency_key, link_index, parent_id, event_type, kind, session_id, fqn, event_timestamp, url, storage_host, file_name,
        file_key, expected_bytes, participant_id, participant_name, endpoint_id, status, reason, attempts, next_attempt_at,
        expires_at, created_at)
        """;

    private const string InsertValues = """
        @ArtifactId, @IdempotencyKey, @LinkIndex, @ParentId, @EventType, @Kind, @SessionId, @Fqn, @EventTimestamp, @Url, @StorageHost, @FileName,
        @FileKey, @ExpectedBytes, @ParticipantId, @ParticipantName, @EndpointId, @Status, @Reason, 0, @NextAttemptAt,
        @ExpiresAt, @CreatedAt
        """;

    private static class SqliteSql
    {
        public const string Insert = "INSERT INTO media_artifacts " + InsertColumns + " VALUES (" + InsertValues + ") ON CONFLICT (idempotency_key, link_index) DO NOTHING";

        public const string RecordDeletion = """
            INSERT INTO media_document_deletions (session_id, file_key, deleted_at) VALUES (@SessionId, @FileKey, @Now)
            ON CONFLICT (session_id, file_key) DO NOTHING
            """;

        // The earliest due row whose storage host and meeting are both below their share of the live downloads (leases
        // still running, any worker's); rows of a host or meeting at its share are passed over, not waited behind.
        public const string ClaimOne = """
            UPDATE media_artifacts SET status = 'downloading', lease_owner = @Owner, lease_until = @LeaseUntil, attempts = attempts + 1
            WHERE artifact_id IN (
                SELECT artifact_id FROM media_artifacts
                WHERE (status = 'pending' OR (status = 'downloading' AND lease_until <= @Now)) AND next_attempt_at <= @Now
                    AND storage_host NOT IN (
                        SELECT storage_host FROM media_artifacts WHERE status = 'downloading' AND lease_until > @Now
                        GROUP BY storage_host HAVING COUNT(*) >= @PerStorageHost)
                    AND session_id NOT IN (
                        SELECT session_id FROM media_artifacts WHERE status = 'downloading' AND lease_until > @Now
                        GROUP BY session_id HAVING COUNT(*) >= @PerMeeting)
                ORDER BY next_attempt_at LIMIT 1)
            RETURNING 
            """ + Columns;

        public const string Unpublished = "SELECT " + Columns + " FROM media_artifacts WHERE status = 'stored' AND published_at IS NULL ORDER BY stored_at LIMIT @Limit";

        // published_at of an expired row: ArtifactLost confirmed by the broker.
        public const string UnpublishedLost = "SELECT " + Columns + " FROM media_artifacts WHERE status = 'expired' AND published_at IS NULL ORDER BY expires_at LIMIT @Limit";

        public const string DeletedWithFiles = "SELECT " + Columns + " FROM media_artifacts WHERE status = 'deleted' AND storage_key IS NOT NULL LIMIT @Limit";

        public const string OfSession = "SELECT " + Columns + " FROM media_artifacts WHERE session_id = @SessionId ORDER BY created_at, idempotency_key, link_index";

        // The order received, keyset-paged on (created_at, idempotency_key, link_index).
        public const string PageOfSession = "SELECT " + Columns + """
             FROM media_artifacts WHERE session_id = @SessionId AND (@AfterCreatedAt IS NULL OR created_at > @AfterCreatedAt
                OR (created_at = @AfterCreatedAt AND (idempotency_key > @AfterKey OR (idempotency_key = @AfterKey AND link_index > @AfterLinkIndex))))
            ORDER BY created_at, idempotency_key, link_index
            LIMIT @Take
            """;

        // Newest first by last event, keyset-paged on (last event, session_id); appId is the fqn before its first '/', the
        // room everything after it (JaaS: fqn is <AppID>/<room>).
        public const string ListMeetings = """
            SELECT session_id AS SessionId, MIN(fqn) AS Fqn, MIN(event_timestamp) AS FirstEventAt, MAX(event_timestamp) AS LastEventAt
            FROM media_artifacts
            WHERE (@AppId IS NULL OR substr(fqn, 1, instr(fqn || '/', '/') - 1) = @AppId)
                AND (@Room IS NULL OR substr(fqn, instr(fqn || '/', '/') + 1) = @Room)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(event_timestamp) >= @From) AND (@To IS NULL OR MAX(event_timestamp) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(event_timestamp) < @AfterLastEventAt
                    OR (MAX(event_timestamp) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            LIMIT @Take
            """;

        public const string DeletionRecorded = "SELECT COUNT(*) FROM media_document_deletions WHERE session_id = @SessionId AND file_key = @FileKey";

        public const string MarkDocumentsDeleted = """
            UPDATE media_artifacts SET status = 'deleted', reason = 'DOCUMENT_DELETED', lease_owner = NULL, lease_until = NULL
            WHERE session_id = @SessionId AND file_key = @FileKey AND kind = 'document' AND status <> 'deleted'
            """;

        public const string SaveValidator = "UPDATE media_artifacts SET validator = @Validator WHERE artifact_id = @ArtifactId";

        public const string RenewLease = "UPDATE media_artifacts SET lease_until = @LeaseUntil WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner";

        public const string MarkStored = """
            UPDATE media_artifacts SET status = 'stored', reason = NULL, storage_key = @StorageKey, bytes = @Bytes, sha256 = @Sha256,
                content_type = @ContentType, stored_at = @Now, lease_owner = NULL, lease_until = NULL
            WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner
            """;

        public const string KeepDeletedCopy = """
            UPDATE media_artifacts SET storage_key = @StorageKey, bytes = @Bytes, sha256 = @Sha256, content_type = @ContentType, stored_at = @Now
            WHERE artifact_id = @ArtifactId AND status = 'deleted'
            """;

        public const string Finish = """
            UPDATE media_artifacts SET status = @Status, reason = @Reason, lease_owner = NULL, lease_until = NULL
            WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner
            """;

        public const string Reschedule = """
            UPDATE media_artifacts SET status = 'pending', reason = @Reason, next_attempt_at = @NextAttemptAt, lease_owner = NULL, lease_until = NULL
            WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner
            """;

        public const string Release = """
            UPDATE media_artifacts SET status = 'pending', lease_owner = NULL, lease_until = NULL
            WHERE status = 'downloading' AND lease_owner = @Owner
            """;

        public const string MarkPublished = "UPDATE media_artifacts SET published_at = @Now WHERE artifact_id = @ArtifactId";

        public const string ForgetStoredCopy = "UPDATE media_artifacts SET storage_key = NULL WHERE artifact_id = @ArtifactId AND status = 'deleted'";

        public const string OldestPendingExpiry = "SELECT MIN(expires_at) FROM media_artifacts WHERE status IN ('pending', 'downloading')";

        public const string Get = "SELECT " + Columns + " FROM media_artifacts WHERE artifact_id = @ArtifactId";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string Insert = "INSERT INTO dbo.media_artifacts " + InsertColumns + " SELECT " + InsertValues + """

            WHERE NOT EXISTS (SELECT 1 FROM dbo.media_artifacts WITH (UPDLOCK, HOLDLOCK)
                WHERE idempotency_key = @IdempotencyKey AND link_index = @LinkIndex)
            """;

        public const string RecordDeletion = """
            INSERT INTO dbo.media_document_deletions (session_id, file_key, deleted_at) SELECT @SessionId, @FileKey, @Now
            WHERE NOT EXISTS (SELECT 1 FROM dbo.media_document_deletions WITH (UPDLOCK, HOLDLOCK) WHERE session_id = @SessionId AND file_key = @FileKey)
            """;

        // Two workers claiming at the same moment may each see a share one below full and both take it: a share can be
        // passed by one per extra worker for as long as those downloads run, never more.
        public const string ClaimOne = """
            WITH due AS (
                SELECT TOP (1) * FROM dbo.media_artifacts WITH (UPDLOCK, READPAST, ROWLOCK)
                WHERE (status = 'pending' OR (status = 'downloading' AND lease_until <= @Now)) AND next_attempt_at <= @Now
                    AND storage_host NOT IN (
                        SELECT storage_host FROM dbo.media_artifacts WHERE status = 'downloading' AND lease_until > @Now
                        GROUP BY storage_host HAVING COUNT(*) >= @PerStorageHost)
                    AND session_id NOT IN (
                        SELECT session_id FROM dbo.media_artifacts WHERE status = 'downloading' AND lease_until > @Now
                        GROUP BY session_id HAVING COUNT(*) >= @PerMeeting)
                ORDER BY next_attempt_at)
            UPDATE due SET status = 'downloading', lease_owner = @Owner, lease_until = @LeaseUntil, attempts = attempts + 1
            OUTPUT inserted.artifact_id AS ArtifactId, inserted.idempotency_key AS IdempotencyKey, inserted.link_index AS LinkIndex,
                inserted.parent_id AS ParentId, inserted.event_type AS EventType, inserted.kind AS Kind, inserted.session_id AS SessionId,
                inserted.fqn AS Fqn, inserted.event_timestamp AS EventTimestamp, inserted.url AS Url, inserted.storage_host AS StorageHost, inserted.file_name AS FileName,
                inserted.file_key AS FileKey, inserted.expected_bytes AS ExpectedBytes, inserted.participant_id AS ParticipantId,
                inserted.participant_name AS ParticipantName, inserted.endpoint_id AS EndpointId, inserted.status AS Status,
                inserted.reason AS Reason, inserted.attempts AS Attempts, inserted.next_attempt_at AS NextAttemptAt,
                inserted.expires_at AS ExpiresAt, inserted.validator AS Validator, inserted.content_type AS ContentType,
                inserted.storage_key AS StorageKey, inserted.bytes AS Bytes, inserted.sha256 AS Sha256, inserted.created_at AS CreatedAt,
                inserted.stored_at AS StoredAt, inserted.published_at AS PublishedAt;
            """;

        public const string Unpublished = "SELECT TOP (@Limit) " + Columns + " FROM dbo.media_artifacts WHERE status = 'stored' AND published_at IS NULL ORDER BY stored_at";

        public const string UnpublishedLost = "SELECT TOP (@Limit) " + Columns + " FROM dbo.media_artifacts WHERE status = 'expired' AND published_at IS NULL ORDER BY expires_at";

        public const string DeletedWithFiles = "SELECT TOP (@Limit) " + Columns + " FROM dbo.media_artifacts WHERE status = 'deleted' AND storage_key IS NOT NULL";

        public const string OfSession = "SELECT " + Columns + " FROM dbo.media_artifacts WHERE session_id = @SessionId ORDER BY created_at, idempotency_key, link_index";

        public const string PageOfSession = "SELECT TOP (@Take) " + Columns + """
             FROM dbo.media_artifacts WHERE session_id = @SessionId AND (@AfterCreatedAt IS NULL OR created_at > @AfterCreatedAt
                OR (created_at = @AfterCreatedAt AND (idempotency_key > @AfterKey OR (idempotency_key = @AfterKey AND link_index > @AfterLinkIndex))))
            ORDER BY created_at, idempotency_key, link_index
            """;

        // fqn has the default collation here: compared byte for byte (BIN2), as SQLite and the other services compare it.
        public const string ListMeetings = """
            SELECT TOP (@Take) session_id AS SessionId, MIN(fqn) AS Fqn, MIN(event_timestamp) AS FirstEventAt, MAX(event_timestamp) AS LastEventAt
            FROM dbo.media_artifacts
            WHERE (@AppId IS NULL OR LEFT(fqn, CHARINDEX(N'/', fqn + N'/') - 1) = @AppId COLLATE Latin1_General_100_BIN2)
                AND (@Room IS NULL OR SUBSTRING(fqn, CHARINDEX(N'/', fqn + N'/') + 1, 800) = @Room COLLATE Latin1_General_100_BIN2)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(event_timestamp) >= @From) AND (@To IS NULL OR MAX(event_timestamp) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(event_timestamp) < @AfterLastEventAt
                    OR (MAX(event_timestamp) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            """;

        public const string DeletionRecorded = "SELECT COUNT(*) FROM dbo.media_document_deletions WHERE session_id = @SessionId AND file_key = @FileKey";

        public const string MarkDocumentsDeleted = """
            UPDATE dbo.media_artifacts SET status = 'deleted', reason = 'DOCUMENT_DELETED', lease_owner = NULL, lease_until = NULL
            WHERE session_id = @SessionId AND file_key = @FileKey AND kind = 'document' AND status <> 'deleted'
            """;

        public const string SaveValidator = "UPDATE dbo.media_artifacts SET validator = @Validator WHERE artifact_id = @ArtifactId";

        public const string RenewLease = "UPDATE dbo.media_artifacts SET lease_until = @LeaseUntil WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner";

        public const string MarkStored = """
            UPDATE dbo.media_artifacts SET status = 'stored', reason = NULL, storage_key = @StorageKey, bytes = @Bytes, sha256 = @Sha256,
                content_type = @ContentType, stored_at = @Now, lease_owner = NULL, lease_until = NULL
            WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner
            """;

        public const string KeepDeletedCopy = """
            UPDATE dbo.media_artifacts SET storage_key = @StorageKey, bytes = @Bytes, sha256 = @Sha256, content_type = @ContentType, stored_at = @Now
            WHERE artifact_id = @ArtifactId AND status = 'deleted'
            """;

        public const string Finish = """
            UPDATE dbo.media_artifacts SET status = @Status, reason = @Reason, lease_owner = NULL, lease_until = NULL
            WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner
            """;

        public const string Reschedule = """
            UPDATE dbo.media_artifacts SET status = 'pending', reason = @Reason, next_attempt_at = @NextAttemptAt, lease_owner = NULL, lease_until = NULL
            WHERE artifact_id = @ArtifactId AND status = 'downloading' AND lease_owner = @Owner
            """;

        public const string Release = """
            UPDATE dbo.media_artifacts SET status = 'pending', lease_owner = NULL, lease_until = NULL
            WHERE status = 'downloading' AND lease_owner = @Owner
            """;

        public const string MarkPublished = "UPDATE dbo.media_artifacts SET published_at = @Now WHERE artifact_id = @ArtifactId";

        public const string ForgetStoredCopy = "UPDATE dbo.media_artifacts SET storage_key = NULL WHERE artifact_id = @ArtifactId AND status = 'deleted'";

        public const string OldestPendingExpiry = "SELECT MIN(expires_at) FROM dbo.media_artifacts WHERE status IN ('pending', 'downloading')";

        public const string Get = "SELECT " + Columns + " FROM dbo.media_artifacts WHERE artifact_id = @ArtifactId";
    }

    private string Sql(string sqlite, string sqlServer) => database.Sql(sqlite, sqlServer);

    /// <summary>Records a link in the consumer's inbox transaction; a link already recorded is left as it is.</summary>
    public Task InsertAsync(InboxTransaction inbox, ArtifactRow row) =>
        inbox.Connection.ExecuteAsync(Sql(SqliteSql.Insert, SqlServerSql.Insert), row, inbox.Transaction);

    /// <summary>Records the screenshots a list named (outside any inbox: the worker found them).</summary>
    public async Task InsertAsync(IReadOnlyList<ArtifactRow> rows, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Sql(SqliteSql.Insert, SqlServerSql.Insert), rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> IsDeletionRecordedAsync(InboxTransaction inbox, string sessionId, string fileKey) =>
        await inbox.Connection.ExecuteScalarAsync<long>(Sql(SqliteSql.DeletionRecorded, SqlServerSql.DeletionRecorded), new { SessionId = sessionId, FileKey = fileKey }, inbox.Transaction) > 0;

    /// <summary>Remembers the deletion and marks every copy of the document <c>deleted</c> (the worker removes stored files).</summary>
    public async Task RecordDeletionAsync(InboxTransaction inbox, string sessionId, string fileKey, long now)
    {
        var args = new { SessionId = sessionId, FileKey = fileKey, Now = now };
        await inbox.Connection.ExecuteAsync(Sql(SqliteSql.RecordDeletion, SqlServerSql.RecordDeletion), args, inbox.Transaction);
        await inbox.Connection.ExecuteAsync(Sql(SqliteSql.MarkDocumentsDeleted, SqlServerSql.MarkDocumentsDeleted), args, inbox.Transaction);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows for <paramref name="owner"/> until <paramref name="leaseUntil"/>, earliest
    /// due first, passing over rows whose storage host or meeting already has <paramref name="shares"/>' number of live downloads.
    /// </summary>
    /// <remarks>One row per statement: each claim counts the ones before it, so a batch cannot fill a share past its limit.</remarks>
    public async Task<IReadOnlyList<ArtifactRow>> ClaimAsync(
        string owner, long now, long leaseUntil, int limit, DownloadShares shares, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var claimed = new List<ArtifactRow>();
        var args = new { Owner = owner, Now = now, LeaseUntil = leaseUntil, shares.PerStorageHost, shares.PerMeeting };
        while (claimed.Count < limit
            && await connection.QuerySingleOrDefaultAsync<ArtifactRow>(new CommandDefinition(
                Sql(SqliteSql.ClaimOne, SqlServerSql.ClaimOne), args, cancellationToken: cancellationToken)) is { } row)
        {
            claimed.Add(row);
        }

        return claimed;
    }

    public Task SaveValidatorAsync(string artifactId, string? validator, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.SaveValidator, SqlServerSql.SaveValidator), new { ArtifactId = artifactId, Validator = validator }, cancellationToken);

    public Task RenewLeaseAsync(string artifactId, string owner, long leaseUntil, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.RenewLease, SqlServerSql.RenewLease), new { ArtifactId = artifactId, Owner = owner, LeaseUntil = leaseUntil }, cancellationToken);

    /// <summary>True if the row was still this owner's download (and so is now <c>stored</c>).</summary>
    public async Task<bool> MarkStoredAsync(string artifactId, string owner, string storageKey, long bytes, string sha256, string? contentType, long now, CancellationToken cancellationToken) =>
        await ExecuteAsync(Sql(SqliteSql.MarkStored, SqlServerSql.MarkStored),
            new { ArtifactId = artifactId, Owner = owner, StorageKey = storageKey, Bytes = bytes, Sha256 = sha256, ContentType = contentType, Now = now },
            cancellationToken) == 1;

    public async Task<bool> KeepDeletedCopyAsync(string artifactId, string storageKey, long bytes, string sha256, string? contentType, long now, CancellationToken cancellationToken) =>
        await ExecuteAsync(Sql(SqliteSql.KeepDeletedCopy, SqlServerSql.KeepDeletedCopy),
            new { ArtifactId = artifactId, StorageKey = storageKey, Bytes = bytes, Sha256 = sha256, ContentType = contentType, Now = now },
            cancellationToken) == 1;

    public Task FinishAsync(string artifactId, string owner, string status, string? reason, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.Finish, SqlServerSql.Finish), new { ArtifactId = artifactId, Owner = owner, Status = status, Reason = Truncate(reason) }, cancellationToken);

    public Task RescheduleAsync(string artifactId, string owner, long nextAttemptAt, string? reason, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.Reschedule, SqlServerSql.Reschedule), new { ArtifactId = artifactId, Owner = owner, NextAttemptAt = nextAttemptAt, Reason = Truncate(reason) }, cancellationToken);

    /// <summary>Gives back every row <paramref name="owner"/> holds (on shutdown), so another worker takes them at once.</summary>
    public Task ReleaseAsync(string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.Release, SqlServerSql.Release), new { Owner = owner }, cancellationToken);

    public Task MarkPublishedAsync(string artifactId, long now, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.MarkPublished, SqlServerSql.MarkPublished), new { ArtifactId = artifactId, Now = now }, cancellationToken);

    public Task ForgetStoredCopyAsync(string artifactId, CancellationToken cancellationToken) =>
        ExecuteAsync(Sql(SqliteSql.ForgetStoredCopy, SqlServerSql.ForgetStoredCopy), new { ArtifactId = artifactId }, cancellationToken);

    public Task<IReadOnlyList<ArtifactRow>> UnpublishedAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync(Sql(SqliteSql.Unpublished, SqlServerSql.Unpublished), new { Limit = limit }, cancellationToken);

    /// <summary>Artifacts whose link expired before they were stored, not yet announced as <see cref="JaasPipeline.Contracts.ArtifactLost"/>.</summary>
    public Task<IReadOnlyList<ArtifactRow>> UnpublishedLostAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync(Sql(SqliteSql.UnpublishedLost, SqlServerSql.UnpublishedLost), new { Limit = limit }, cancellationToken);

    public Task<IReadOnlyList<ArtifactRow>> DeletedWithFilesAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync(Sql(SqliteSql.DeletedWithFiles, SqlServerSql.DeletedWithFiles), new { Limit = limit }, cancellationToken);

    public Task<IReadOnlyList<ArtifactRow>> OfSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        QueryAsync(Sql(SqliteSql.OfSession, SqlServerSql.OfSession), new { SessionId = sessionId }, cancellationToken);

    /// <summary>
    /// At most <paramref name="take"/> of a meeting's artifacts in the order received, after the artifact (created_at,
    /// idempotency_key, link_index) <paramref name="after"/> names; null: from the first.
    /// </summary>
    public Task<IReadOnlyList<ArtifactRow>> PageOfSessionAsync(
        string sessionId, (long CreatedAt, string IdempotencyKey, int LinkIndex)? after, int take, CancellationToken cancellationToken) =>
        QueryAsync(
            Sql(SqliteSql.PageOfSession, SqlServerSql.PageOfSession),
            new
            {
                SessionId = sessionId, AfterCreatedAt = after?.CreatedAt, AfterKey = after?.IdempotencyKey, AfterLinkIndex = after?.LinkIndex,
                Take = take,
            },
            cancellationToken);

    /// <summary>A page of meetings, read from ix_media_artifacts_meeting (no meeting row to keep in step).</summary>
    public async Task<IReadOnlyList<MeetingRow>> ListMeetingsAsync(MeetingListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            Sql(SqliteSql.ListMeetings, SqlServerSql.ListMeetings), query, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ArtifactRow?> GetAsync(string artifactId, CancellationToken cancellationToken) =>
        (await QueryAsync(Sql(SqliteSql.Get, SqlServerSql.Get), new { ArtifactId = artifactId }, cancellationToken)).SingleOrDefault();

    public async Task<long?> OldestPendingExpiryAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(Sql(SqliteSql.OldestPendingExpiry, SqlServerSql.OldestPendingExpiry), cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<ArtifactRow>> QueryAsync(string sql, object args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ArtifactRow>(new CommandDefinition(sql, args, cancellationToken: cancellationToken))).ToList();
    }

    private async Task<int> ExecuteAsync(string sql, object args, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: cancellationToken));
    }

    private static string? Truncate(string? reason) => reason is { Length: > 1000 } ? reason[..1000] : reason;
}
