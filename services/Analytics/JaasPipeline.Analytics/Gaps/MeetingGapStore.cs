using System.Text.Json;
using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.ServiceDefaults;

namespace JaasPipeline.Analytics.Gaps;

/// <summary>
/// The gap tables: the events the gap rules read, the artifacts media-artifacts lost, the worker's list of meetings due for
/// evaluation, and the gaps found so far (migration 0006).
/// </summary>
public sealed class MeetingGapStore(Database database)
{
    // GapSubject.EventTypes, as SQL literals.
    private const string GapEventTypes = """
        'ROOM_CREATED', 'ROOM_DESTROYED', 'PARTICIPANT_JOINED', 'PARTICIPANT_LEFT', 'RECORDING_ENDED', 'RECORDING_UPLOADED',
        'TRANSCRIPTION_CHUNK_RECEIVED', 'TRANSCRIPTION_UPLOADED'
        """;

    private const string EventColumns = """
        idempotency_key AS IdempotencyKey, event_type AS EventType, occurred_at AS OccurredAt, is_breakout AS IsBreakout,
        participant_id AS ParticipantId, participant_name AS ParticipantName, recording_session_id AS RecordingSessionId
        """;

    private static class SqliteSql
    {
        public const string AddLost = """
            INSERT INTO analytics_lost_artifacts (artifact_id, session_id, kind, event_type, idempotency_key, event_timestamp, link_expires_at, reason)
            VALUES (@ArtifactId, @SessionId, @Kind, @EventType, @IdempotencyKey, @EventTimestamp, @LinkExpiresAt, @Reason)
            ON CONFLICT (artifact_id) DO NOTHING
            """;

        public const string Touch = """
            INSERT INTO analytics_gap_meetings (session_id, due_at, version) VALUES (@SessionId, 0, 1)
            ON CONFLICT (session_id) DO UPDATE SET due_at = 0, version = analytics_gap_meetings.version + 1
            """;

        // Due by the work list, or holding a statistics file that became unreadable since its last evaluation (the
        // call-quality worker decides that, later than any event of the meeting).
        public const string Due = """
            SELECT session_id AS SessionId, version AS Version FROM analytics_gap_meetings WHERE due_at <= @Now
            UNION
            SELECT q.session_id, COALESCE(m.version, 0)
            FROM analytics_call_quality q LEFT JOIN analytics_gap_meetings m ON m.session_id = q.session_id
            WHERE q.status IN ('missing', 'failed')
                AND NOT EXISTS (SELECT 1 FROM analytics_meeting_gaps g
                    WHERE g.session_id = q.session_id AND g.kind = 'stats-unreadable' AND g.subject = q.idempotency_key)
            LIMIT @Limit
            """;

        public const string EventsOfSession = "SELECT " + EventColumns + " FROM analytics_event_journal WHERE session_id = @SessionId AND event_type IN (" + GapEventTypes + ")";

        public const string LostOfSession = """
            SELECT artifact_id AS ArtifactId, kind AS Kind, event_type AS EventType, event_timestamp AS EventTimestamp,
                link_expires_at AS LinkExpiresAt, reason AS Reason
            FROM analytics_lost_artifacts WHERE session_id = @SessionId
            """;

        public const string StatisticsOfSession = """
            SELECT idempotency_key AS IdempotencyKey, artifact_id AS ArtifactId, participant_id AS ParticipantId,
                participant_name AS ParticipantName, status AS Status, error AS Error
            FROM analytics_call_quality WHERE session_id = @SessionId
            """;

        public const string RecordedOfSession = """
            SELECT session_id AS SessionId, kind AS Kind, subject AS Subject, detail AS Detail, detected_at AS DetectedAt
            FROM analytics_meeting_gaps WHERE session_id = @SessionId
            """;

        public const string InsertGap = """
            INSERT INTO analytics_meeting_gaps (session_id, kind, subject, detail, detected_at)
            VALUES (@SessionId, @Kind, @Subject, @Detail, @DetectedAt)
            ON CONFLICT (session_id, kind, subject) DO NOTHING
            """;

        public const string UpdateGap = """
            UPDATE analytics_meeting_gaps SET detail = @Detail WHERE session_id = @SessionId AND kind = @Kind AND subject = @Subject
            """;

        public const string DeleteGap = "DELETE FROM analytics_meeting_gaps WHERE session_id = @SessionId AND kind = @Kind AND subject = @Subject";

        // An event that arrived since the evaluation read its evidence raised the version and set due_at to 0: left so.
        public const string SetDue = """
            INSERT INTO analytics_gap_meetings (session_id, due_at, version) VALUES (@SessionId, @DueAt, 0)
            ON CONFLICT (session_id) DO UPDATE SET due_at = excluded.due_at WHERE analytics_gap_meetings.version = @Version
            """;

        public const string ListMeetings = """
            SELECT g.session_id AS SessionId,
                (SELECT MIN(j.fqn) FROM analytics_event_journal j WHERE j.session_id = g.session_id) AS Fqn,
                MAX(g.detected_at) AS LastDetectedAt
            FROM analytics_meeting_gaps g
            WHERE (@Kind IS NULL OR g.kind = @Kind) AND (@From IS NULL OR g.detected_at >= @From) AND (@To IS NULL OR g.detected_at <= @To)
            GROUP BY g.session_id
            HAVING (@AfterDetectedAt IS NULL OR MAX(g.detected_at) < @AfterDetectedAt
                OR (MAX(g.detected_at) = @AfterDetectedAt AND g.session_id < @AfterSessionId))
            ORDER BY LastDetectedAt DESC, SessionId DESC
            LIMIT @Take
            """;

        public const string GapsOfMeetings = """
            SELECT session_id AS SessionId, kind AS Kind, subject AS Subject, detail AS Detail, detected_at AS DetectedAt
            FROM analytics_meeting_gaps
            WHERE session_id IN (SELECT value FROM json_each(@Sessions))
                AND (@Kind IS NULL OR kind = @Kind) AND (@From IS NULL OR detected_at >= @From) AND (@To IS NULL OR detected_at <= @To)
            """;

        public const string ClearGaps = "DELETE FROM analytics_meeting_gaps WHERE session_id = @SessionId";

        public const string ClearMeeting = "DELETE FROM analytics_gap_meetings WHERE session_id = @SessionId";
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string AddLost = """
            INSERT INTO dbo.analytics_lost_artifacts (artifact_id, session_id, kind, event_type, idempotency_key, event_timestamp, link_expires_at, reason)
            SELECT @ArtifactId, @SessionId, @Kind, @EventType, @IdempotencyKey, @EventTimestamp, @LinkExpiresAt, @Reason
            WHERE NOT EXISTS (SELECT 1 FROM dbo.analytics_lost_artifacts WITH (UPDLOCK, HOLDLOCK) WHERE artifact_id = @ArtifactId)
            """;

        public const string Touch = """
            UPDATE dbo.analytics_gap_meetings WITH (UPDLOCK, HOLDLOCK) SET due_at = 0, version = version + 1 WHERE session_id = @SessionId;
            IF @@ROWCOUNT = 0 INSERT INTO dbo.analytics_gap_meetings (session_id, due_at, version) VALUES (@SessionId, 0, 1);
            """;

        public const string Due = """
            SELECT TOP (@Limit) due.SessionId, due.Version FROM (
                SELECT session_id AS SessionId, version AS Version FROM dbo.analytics_gap_meetings WHERE due_at <= @Now
                UNION
                SELECT q.session_id, COALESCE(m.version, 0)
                FROM dbo.analytics_call_quality q LEFT JOIN dbo.analytics_gap_meetings m ON m.session_id = q.session_id
                WHERE q.status IN ('missing', 'failed')
                    AND NOT EXISTS (SELECT 1 FROM dbo.analytics_meeting_gaps g
                        WHERE g.session_id = q.session_id AND g.kind = 'stats-unreadable' AND g.subject = q.idempotency_key)
            ) AS due
            """;

        public const string EventsOfSession = "SELECT " + EventColumns + " FROM dbo.analytics_event_journal WHERE session_id = @SessionId AND event_type IN (" + GapEventTypes + ")";

        public const string LostOfSession = """
            SELECT CONVERT(NVARCHAR(36), artifact_id) AS ArtifactId, kind AS Kind, event_type AS EventType, event_timestamp AS EventTimestamp,
                link_expires_at AS LinkExpiresAt, reason AS Reason
            FROM dbo.analytics_lost_artifacts WHERE session_id = @SessionId
            """;

        public const string StatisticsOfSession = """
            SELECT idempotency_key AS IdempotencyKey, CONVERT(NVARCHAR(36), artifact_id) AS ArtifactId, participant_id AS ParticipantId,
                participant_name AS ParticipantName, status AS Status, error AS Error
            FROM dbo.analytics_call_quality WHERE session_id = @SessionId
            """;

        public const string RecordedOfSession = """
            SELECT session_id AS SessionId, kind AS Kind, subject AS Subject, detail AS Detail, detected_at AS DetectedAt
            FROM dbo.analytics_meeting_gaps WHERE session_id = @SessionId
            """;

        public const string InsertGap = """
            INSERT INTO dbo.analytics_meeting_gaps (session_id, kind, subject, detail, detected_at)
            SELECT @SessionId, @Kind, @Subject, @Detail, @DetectedAt
            WHERE NOT EXISTS (SELECT 1 FROM dbo.analytics_meeting_gaps WITH (UPDLOCK, HOLDLOCK)
                WHERE session_id = @SessionId AND kind = @Kind AND subject = @Subject)
            """;

        public const string UpdateGap = """
            UPDATE dbo.analytics_meeting_gaps SET detail = @Detail WHERE session_id = @SessionId AND kind = @Kind AND subject = @Subject
            """;

        public const string DeleteGap = "DELETE FROM dbo.analytics_meeting_gaps WHERE session_id = @SessionId AND kind = @Kind AND subject = @Subject";

        public const string SetDue = """
            UPDATE dbo.analytics_gap_meetings SET due_at = @DueAt WHERE session_id = @SessionId AND version = @Version;
            IF NOT EXISTS (SELECT 1 FROM dbo.analytics_gap_meetings WITH (UPDLOCK, HOLDLOCK) WHERE session_id = @SessionId)
                INSERT INTO dbo.analytics_gap_meetings (session_id, due_at, version) VALUES (@SessionId, @DueAt, 0);
            """;

        public const string ListMeetings = """
            SELECT TOP (@Take) g.session_id AS SessionId,
                (SELECT MIN(j.fqn) FROM dbo.analytics_event_journal j WHERE j.session_id = g.session_id) AS Fqn,
                MAX(g.detected_at) AS LastDetectedAt
            FROM dbo.analytics_meeting_gaps g
            WHERE (@Kind IS NULL OR g.kind = @Kind) AND (@From IS NULL OR g.detected_at >= @From) AND (@To IS NULL OR g.detected_at <= @To)
            GROUP BY g.session_id
            HAVING (@AfterDetectedAt IS NULL OR MAX(g.detected_at) < @AfterDetectedAt
                OR (MAX(g.detected_at) = @AfterDetectedAt AND g.session_id < @AfterSessionId))
            ORDER BY LastDetectedAt DESC, SessionId DESC
            """;

        public const string GapsOfMeetings = """
            SELECT session_id AS SessionId, kind AS Kind, subject AS Subject, detail AS Detail, detected_at AS DetectedAt
            FROM dbo.analytics_meeting_gaps
            WHERE session_id IN (SELECT value FROM OPENJSON(@Sessions))
                AND (@Kind IS NULL OR kind = @Kind) AND (@From IS NULL OR detected_at >= @From) AND (@To IS NULL OR detected_at <= @To)
            """;

        public const string ClearGaps = "DELETE FROM dbo.analytics_meeting_gaps WHERE session_id = @SessionId";

        public const string ClearMeeting = "DELETE FROM dbo.analytics_gap_meetings WHERE session_id = @SessionId";
    }

    /// <summary>
    /// Deletes what a meeting's replayable events made here: its recorded gaps and its place in the work list (the replay
    /// brings them back; the journal rows the rules read are cleared with the journal). Its lost artifacts stay:
    /// ArtifactLost came from media-artifacts, which a replay of the ingress's deliveries cannot send again (as the
    /// call-quality rows stay).
    /// </summary>
    public IReadOnlyList<string> ClearStatements =>
    [
        database.Sql(SqliteSql.ClearGaps, SqlServerSql.ClearGaps),
        database.Sql(SqliteSql.ClearMeeting, SqlServerSql.ClearMeeting),
    ];

    /// <summary>Keeps a lost artifact and marks its meeting due, in the consumer's inbox transaction.</summary>
    public async Task AddLostAsync(InboxTransaction inbox, ArtifactLost lost)
    {
        await inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.AddLost, SqlServerSql.AddLost),
            new
            {
                ArtifactId = database.Provider == DatabaseProvider.Sqlite ? (object)lost.ArtifactId.ToString() : lost.ArtifactId,
                lost.SessionId,
                lost.Kind,
                lost.EventType,
                lost.IdempotencyKey,
                EventTimestamp = lost.EventTimestamp.ToUnixTimeMilliseconds(),
                LinkExpiresAt = lost.LinkExpiresAt.ToUnixTimeMilliseconds(),
                lost.Reason,
            },
            inbox.Transaction);
        await MarkDueAsync(inbox, lost.SessionId);
    }

    /// <summary>Marks a meeting due for the gap worker's next pass, in the consumer's inbox transaction.</summary>
    public Task MarkDueAsync(InboxTransaction inbox, string sessionId) =>
        inbox.Connection.ExecuteAsync(database.Sql(SqliteSql.Touch, SqlServerSql.Touch), new { SessionId = sessionId }, inbox.Transaction);

    /// <summary>Meetings due for evaluation at <paramref name="now"/> (Unix ms).</summary>
    public async Task<IReadOnlyList<DueMeeting>> DueAsync(long now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DueMeeting>(new CommandDefinition(
            database.Sql(SqliteSql.Due, SqlServerSql.Due), new { Now = now, Limit = limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>What the analytics service knows that bears on the meeting's gaps.</summary>
    public async Task<MeetingEvidence> EvidenceAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { SessionId = sessionId };
        var events = await connection.QueryAsync<GapEvent>(new CommandDefinition(
            database.Sql(SqliteSql.EventsOfSession, SqlServerSql.EventsOfSession), parameters, cancellationToken: cancellationToken));
        var lost = await connection.QueryAsync<LostArtifact>(new CommandDefinition(
            database.Sql(SqliteSql.LostOfSession, SqlServerSql.LostOfSession), parameters, cancellationToken: cancellationToken));
        var statistics = await connection.QueryAsync<StatisticsFileOutcome>(new CommandDefinition(
            database.Sql(SqliteSql.StatisticsOfSession, SqlServerSql.StatisticsOfSession), parameters, cancellationToken: cancellationToken));
        return new MeetingEvidence(events.ToList(), lost.ToList(), statistics.ToList());
    }

    /// <summary>The meeting's gaps found so far.</summary>
    public async Task<IReadOnlyList<RecordedGap>> RecordedAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RecordedGap>(new CommandDefinition(
            database.Sql(SqliteSql.RecordedOfSession, SqlServerSql.RecordedOfSession), new { SessionId = sessionId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Makes the meeting's recorded gaps those of <paramref name="evaluation"/>, in one transaction: a new gap is recorded
    /// as detected now, one still found keeps its detectedAt (its detail refreshed), one no longer found is deleted (a
    /// late event filled it). Then the meeting is due again when its next window ends, unless an event arrived meanwhile.
    /// </summary>
    /// <returns>The kinds of the gaps detected and of those filled, one entry per gap.</returns>
    public async Task<(IReadOnlyList<string> Detected, IReadOnlyList<string> Filled)> ReconcileAsync(
        DueMeeting meeting, GapEvaluation evaluation, long now, long? dueAt, CancellationToken cancellationToken)
    {
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = (await connection.QueryAsync<RecordedGap>(new CommandDefinition(
                database.Sql(SqliteSql.RecordedOfSession, SqlServerSql.RecordedOfSession), new { meeting.SessionId }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(gap => (gap.Kind, gap.Subject));
        var detected = new List<string>();
        foreach (var gap in evaluation.Gaps)
        {
            var parameters = new
            {
                meeting.SessionId, gap.Kind, gap.Subject, Detail = JsonSerializer.Serialize(gap.Detail, ApiJson.Options), DetectedAt = now,
            };
            if (recorded.Remove((gap.Kind, gap.Subject)))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    database.Sql(SqliteSql.UpdateGap, SqlServerSql.UpdateGap), parameters, transaction, cancellationToken: cancellationToken));
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    database.Sql(SqliteSql.InsertGap, SqlServerSql.InsertGap), parameters, transaction, cancellationToken: cancellationToken));
                detected.Add(gap.Kind);
            }
        }

        foreach (var filled in recorded.Values)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                database.Sql(SqliteSql.DeleteGap, SqlServerSql.DeleteGap), new { meeting.SessionId, filled.Kind, filled.Subject }, transaction,
                cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(SqliteSql.SetDue, SqlServerSql.SetDue), new { meeting.SessionId, meeting.Version, DueAt = dueAt }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (detected, recorded.Values.Select(gap => gap.Kind).ToList());
    }

    /// <summary>A page of meetings with gaps and, for each, its gaps that match the query.</summary>
    public async Task<IReadOnlyList<(GapMeetingRow Meeting, IReadOnlyList<RecordedGap> Gaps)>> ListAsync(GapListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var meetings = (await connection.QueryAsync<GapMeetingRow>(new CommandDefinition(
            database.Sql(SqliteSql.ListMeetings, SqlServerSql.ListMeetings), query, cancellationToken: cancellationToken))).ToList();
        if (meetings.Count == 0)
        {
            return [];
        }

        var gaps = (await connection.QueryAsync<RecordedGap>(new CommandDefinition(
                database.Sql(SqliteSql.GapsOfMeetings, SqlServerSql.GapsOfMeetings),
                new { Sessions = JsonSerializer.Serialize(meetings.Select(m => m.SessionId)), query.Kind, query.From, query.To },
                cancellationToken: cancellationToken)))
            .ToLookup(gap => gap.SessionId, StringComparer.Ordinal);
        return meetings.Select(m => (m, (IReadOnlyList<RecordedGap>)gaps[m.SessionId].ToList())).ToList();
    }
}
