using Dapper;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.Transcription.Consumers;

namespace JaasPipeline.Transcription;

/// <summary>The transcription tables: phrases and uploaded files per meeting, and the full-text search across meetings.</summary>
public sealed class TranscriptStore(Database database) : IMeetingClearing, IMeetingDirectory
{
    // Reprocess redoes what came from the ingress (phrases); the transcript files came from ArtifactStored, which a replay
    // of the ingress's deliveries cannot send again: they stay, with their inbox rows (TranscriptFileConsumer).
    private static readonly string[] ReplayableConsumers = [nameof(TranscriptionChunkConsumer)];

    private const string SegmentColumns = """
        session_id AS SessionId, fqn AS Fqn, message_id AS MessageId, occurred_at AS Timestamp, participant_id AS ParticipantId,
        name AS Name, user_id AS UserId, email AS Email, language AS Language, phrase AS Text, idempotency_key AS IdempotencyKey
        """;

    private const string HitColumns = """
        s.id AS Id, s.session_id AS SessionId, s.fqn AS Fqn, s.message_id AS MessageId, s.occurred_at AS Timestamp, s.participant_id AS ParticipantId,
        s.name AS Name, s.user_id AS UserId, s.email AS Email, s.language AS Language, s.phrase AS Text, s.idempotency_key AS IdempotencyKey
        """;

    private const string FileColumns = """
        artifact_id AS ArtifactId, session_id AS SessionId, fqn AS Fqn, storage_path AS StoragePath, sha256 AS Sha256, bytes AS Bytes,
        file_name AS FileName, content_type AS ContentType, event_timestamp AS EventTimestamp, stored_at AS StoredAt
        """;

    private const string SearchFilter = """
        (@Fqn IS NULL OR s.fqn = @Fqn) AND (@From IS NULL OR s.occurred_at >= @From) AND (@To IS NULL OR s.occurred_at <= @To)
            AND (@AfterTimestamp IS NULL OR s.occurred_at < @AfterTimestamp OR (s.occurred_at = @AfterTimestamp AND s.id < @AfterId))
        """;



    private static class SqliteSql
    {
        public const string AppendSegment = """
            INSERT INTO transcript_segments (session_id, fqn, message_id, occurred_at, participant_id, name, user_id, email, language,
                phrase, idempotency_key, received_at)
            VALUES (@SessionId, @Fqn, @MessageId, @Timestamp, @ParticipantId, @Name, @UserId, @Email, @Language,
                @Text, @IdempotencyKey, @ReceivedAt)
            ON CONFLICT (session_id, message_id) DO NOTHING
            """;

        public const string SegmentsOfSession =
            "SELECT " + SegmentColumns + " FROM transcript_segments WHERE session_id = @SessionId ORDER BY occurred_at, message_id";

        public const string SegmentKeysOfSession = "SELECT idempotency_key FROM transcript_segments WHERE session_id = @SessionId";

        // The delete trigger keeps transcript_segments_fts in step.
        public const string ClearSegments = "DELETE FROM transcript_segments WHERE session_id = @SessionId";

        public const string AppendFile = """
            INSERT INTO transcript_files (artifact_id, session_id, fqn, storage_path, sha256, bytes, file_name, content_type,
                event_timestamp, stored_at)
            VALUES (@ArtifactId, @SessionId, @Fqn, @StoragePath, @Sha256, @Bytes, @FileName, @ContentType, @EventTimestamp, @StoredAt)
            ON CONFLICT (artifact_id) DO NOTHING
            """;

        public const string FilesOfSession =
            "SELECT " + FileColumns + " FROM transcript_files WHERE session_id = @SessionId ORDER BY stored_at, artifact_id";

        // @Match is the user's text quoted as one FTS5 phrase (see FullTextPhrase), never FTS5 syntax.
        public const string Search = "SELECT " + HitColumns + """

             FROM transcript_segments_fts JOIN transcript_segments AS s ON s.id = transcript_segments_fts.rowid
            WHERE transcript_segments_fts MATCH @Match AND
            """ + SearchFilter + """

            ORDER BY s.occurred_at DESC, s.id DESC
            LIMIT @Limit
            """;

        // Newest first by last event, keyset-paged on (last event, session_id); appId is the fqn before its first '/', the
        // room everything after it (JaaS: fqn is <AppID>/<room>).
        public const string ListMeetings = """
            SELECT session_id AS SessionId, MIN(fqn) AS Fqn, MIN(event_at) AS FirstEventAt, MAX(event_at) AS LastEventAt
            FROM (
                SELECT session_id, fqn, occurred_at AS event_at FROM transcript_segments
                UNION ALL SELECT session_id, fqn, event_timestamp AS event_at FROM transcript_files) AS events
            WHERE (@AppId IS NULL OR substr(fqn, 1, instr(fqn || '/', '/') - 1) = @AppId)
                AND (@Room IS NULL OR substr(fqn, instr(fqn || '/', '/') + 1) = @Room)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(event_at) >= @From) AND (@To IS NULL OR MAX(event_at) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(event_at) < @AfterLastEventAt
                    OR (MAX(event_at) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            LIMIT @Take
            """;

        /// <summary>Creating an FTS5 table in a private in-memory database fails with "no such module: fts5" without it.</summary>
        public const string FullTextProbe = "CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x); DROP TABLE temp.fts5_probe;";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string AppendSegment = """
            INSERT INTO dbo.transcript_segments (session_id, fqn, message_id, occurred_at, participant_id, name, user_id, email, language,
                phrase, idempotency_key, received_at)
            SELECT @SessionId, @Fqn, @MessageId, @Timestamp, @ParticipantId, @Name, @UserId, @Email, @Language,
                @Text, @IdempotencyKey, @ReceivedAt
            WHERE NOT EXISTS (
                SELECT 1 FROM dbo.transcript_segments WITH (UPDLOCK, HOLDLOCK) WHERE session_id = @SessionId AND message_id = @MessageId)
            """;

        public const string SegmentsOfSession =
            "SELECT " + SegmentColumns + " FROM dbo.transcript_segments WHERE session_id = @SessionId ORDER BY occurred_at, message_id";

        public const string SegmentKeysOfSession = "SELECT idempotency_key FROM dbo.transcript_segments WHERE session_id = @SessionId";

        public const string ClearSegments = "DELETE FROM dbo.transcript_segments WHERE session_id = @SessionId";

        public const string AppendFile = """
            INSERT INTO dbo.transcript_files (artifact_id, session_id, fqn, storage_path, sha256, bytes, file_name, content_type,
                event_timestamp, stored_at)
            SELECT @ArtifactId, @SessionId, @Fqn, @StoragePath, @Sha256, @Bytes, @FileName, @ContentType, @EventTimestamp, @StoredAt
            WHERE NOT EXISTS (SELECT 1 FROM dbo.transcript_files WITH (UPDLOCK, HOLDLOCK) WHERE artifact_id = @ArtifactId)
            """;

        public const string FilesOfSession =
            "SELECT " + FileColumns + " FROM dbo.transcript_files WHERE session_id = @SessionId ORDER BY stored_at, artifact_id";

        // CONTAINS needs the full-text feature and a full-text index on phrase (docs/services.md, "Transcription"): asked before each
        // search, so an index an operator adds later is used without a restart.
        public const string FullTextReady = """
            SELECT CASE WHEN FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1
                AND OBJECTPROPERTY(OBJECT_ID(N'dbo.transcript_segments'), 'TableHasActiveFulltextIndex') = 1 THEN 1 ELSE 0 END
            """;

        // @Match is the user's text as one quoted phrase (see FullTextPhrase).
        public const string SearchFullText = "SELECT TOP (@Limit) " + HitColumns + """

             FROM dbo.transcript_segments AS s
            WHERE CONTAINS(s.phrase, @Match) AND
            """ + SearchFilter + """

            ORDER BY s.occurred_at DESC, s.id DESC
            """;

        // Both tables' fqn compare byte for byte (BIN2 since 0002 for the phrases; the files' is compared as BIN2 here).
        public const string ListMeetings = """
            SELECT TOP (@Take) session_id AS SessionId, MIN(fqn) AS Fqn, MIN(event_at) AS FirstEventAt, MAX(event_at) AS LastEventAt
            FROM (
                SELECT session_id, fqn, occurred_at AS event_at FROM dbo.transcript_segments
                UNION ALL SELECT session_id, fqn COLLATE Latin1_General_100_BIN2, event_timestamp AS event_at FROM dbo.transcript_files) AS events
            WHERE (@AppId IS NULL OR LEFT(fqn, CHARINDEX(N'/', fqn + N'/') - 1) = @AppId)
                AND (@Room IS NULL OR SUBSTRING(fqn, CHARINDEX(N'/', fqn + N'/') + 1, 800) = @Room)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(event_at) >= @From) AND (@To IS NULL OR MAX(event_at) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(event_at) < @AfterLastEventAt
                    OR (MAX(event_at) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            """;

        // Without full-text: a substring match; @Pattern has %, _, [ and \ escaped with \ (see LikePattern).
        public const string SearchLike = "SELECT TOP (@Limit) " + HitColumns + """

             FROM dbo.transcript_segments AS s
            WHERE s.phrase LIKE @Pattern ESCAPE N'\' AND
            """ + SearchFilter + """

            ORDER BY s.occurred_at DESC, s.id DESC
            """;
    }

    /// <summary>A page of meetings, known by their phrases (ix_transcript_segments_meeting) or transcript files.</summary>
    public async Task<IReadOnlyList<MeetingRow>> ListMeetingsAsync(MeetingListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            database.Sql(SqliteSql.ListMeetings, SqlServerSql.ListMeetings), query, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Stores a phrase in the consumer's inbox transaction; a phrase of the meeting with the same messageID is left as it is.</summary>
    /// <returns>false when the phrase was already stored (re-sent under a new idempotency key).</returns>
    public async Task<bool> AppendSegmentAsync(InboxTransaction inbox, TranscriptSegment segment) =>
        await inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.AppendSegment, SqlServerSql.AppendSegment),
            new
            {
                segment.SessionId, segment.Fqn, segment.MessageId, Timestamp = segment.Timestamp.ToUnixTimeMilliseconds(),
                segment.ParticipantId, segment.Name, segment.UserId, segment.Email, segment.Language, segment.Text,
                segment.IdempotencyKey, ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            inbox.Transaction) > 0;

    /// <summary>Stores a file's metadata in the consumer's inbox transaction; an artifact already stored is left as it is.</summary>
    public Task AppendFileAsync(InboxTransaction inbox, TranscriptFile file) =>
        inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.AppendFile, SqlServerSql.AppendFile),
            new
            {
                file.ArtifactId, file.SessionId, file.Fqn, file.StoragePath, file.Sha256, file.Bytes, file.FileName, file.ContentType,
                EventTimestamp = file.EventTimestamp.ToUnixTimeMilliseconds(), StoredAt = file.StoredAt.ToUnixTimeMilliseconds(),
            },
            inbox.Transaction);

    /// <summary>The meeting's transcript in spoken order, or null when nothing of it is stored.</summary>
    public async Task<Transcript?> TranscriptAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { SessionId = sessionId };
        var segments = (await connection.QueryAsync<TranscriptSegment>(new CommandDefinition(
            database.Sql(SqliteSql.SegmentsOfSession, SqlServerSql.SegmentsOfSession), parameters, cancellationToken: cancellationToken))).ToList();
        var files = (await connection.QueryAsync<TranscriptFile>(new CommandDefinition(
            database.Sql(SqliteSql.FilesOfSession, SqlServerSql.FilesOfSession), parameters, cancellationToken: cancellationToken))).ToList();
        if (segments.Count == 0 && files.Count == 0)
        {
            return null;
        }

        var fqn = segments.Count > 0 ? segments[0].Fqn : files[0].Fqn;
        return new Transcript(sessionId, fqn, segments, files);
    }

    /// <summary>Phrases containing <see cref="TranscriptSearch.Phrase"/>, newest first (then by row id), one page.</summary>
    public async Task<IReadOnlyList<TranscriptSegment>> SearchAsync(TranscriptSearch search, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        string sql;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            sql = SqliteSql.Search;
        }
        else
        {
            // CONTAINS refuses a phrase without a word ('"  "' is a syntax error): such a phrase is looked for as it is.
            var fullText = HasWords(search.Phrase)
                && await connection.ExecuteScalarAsync<int>(new CommandDefinition(SqlServerSql.FullTextReady, cancellationToken: cancellationToken)) == 1;
            sql = fullText ? SqlServerSql.SearchFullText : SqlServerSql.SearchLike;
        }

        var hits = await connection.QueryAsync<TranscriptSegment>(new CommandDefinition(
            sql,
            new
            {
                Match = FullTextPhrase(search.Phrase, database.Provider), Pattern = LikePattern(search.Phrase), search.Fqn,
                From = search.From?.ToUnixTimeMilliseconds(), To = search.To?.ToUnixTimeMilliseconds(),
                AfterTimestamp = search.After?.Timestamp, AfterId = search.After?.Id, search.Limit,
            },
            cancellationToken: cancellationToken));
        return hits.ToList();
    }

    /// <summary>
    /// The user's text as one quoted phrase, so nothing in it reads as query syntax (FTS5's <c>NEAR</c>, <c>*</c>, <c>-</c>,
    /// <c>AND</c>, column filters; CONTAINS's operators). FTS5 escapes a double quote inside a string by doubling it; in a
    /// CONTAINS phrase it is only punctuation, which the word breaker drops anyway, so it becomes a space.
    /// </summary>
    public static string FullTextPhrase(string text, DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : "\"" + text.Replace('"', ' ') + "\"";

    /// <summary>Whether <paramref name="text"/> holds a letter or a digit: something a full-text index can have indexed.</summary>
    public static bool HasWords(string text) => text.Any(char.IsLetterOrDigit);

    /// <summary>A LIKE pattern matching the text anywhere, its wildcards escaped with <c>\</c>.</summary>
    public static string LikePattern(string text) =>
        "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal) + "%";

    /// <summary>Whether the SQLite library this process loaded has FTS5 (the bundled one does; a system one may not).</summary>
    public static bool SqliteHasFullText()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        try
        {
            connection.Execute(SqliteSql.FullTextProbe);
            return true;
        }
        catch (Microsoft.Data.Sqlite.SqliteException exception) when (exception.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
    }

    /// <summary>Deletes one meeting's phrases and their inbox rows in one transaction (reprocess); its transcript files stay.</summary>
    public Task<MeetingCleared> ClearMeetingAsync(string sessionId, IReadOnlyCollection<string> idempotencyKeys, bool dryRun, CancellationToken cancellationToken) =>
        MeetingClearing.ClearAsync(
            database,
            new MeetingEffects(ReplayableConsumers, database.Sql(SqliteSql.SegmentKeysOfSession, SqlServerSql.SegmentKeysOfSession),
                [database.Sql(SqliteSql.ClearSegments, SqlServerSql.ClearSegments)]),
            sessionId, idempotencyKeys, dryRun, cancellationToken);
}
