using Dapper;
using JaasPipeline.Attendance.Consumers;
using JaasPipeline.Attendance.Reports;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Data;
using JaasPipeline.Messaging;

namespace JaasPipeline.Attendance;

/// <summary>The attendance tables: facts as received, read back per meeting.</summary>
public sealed class AttendanceStore(Database database) : IMeetingClearing, IMeetingDirectory
{
    // The inbox names of the attendance consumers (InboxFilter: the class name).
    private static readonly string[] Consumers =
        [nameof(RoomLifecycleConsumer), nameof(PresenceConsumer), nameof(PhoneCallConsumer), nameof(RoleChangedConsumer)];

    private const string Columns = """
        idempotency_key AS IdempotencyKey, session_id AS SessionId, fqn AS Fqn, occurred_at AS OccurredAt, kind AS Kind,
        room AS Room, participant_key AS ParticipantKey, participant_kind AS ParticipantKind, participant_jid AS ParticipantJid,
        name AS Name, email AS Email, user_id AS UserId, moderator AS Moderator, disconnect_reason AS DisconnectReason,
        granted_by_key AS GrantedByKey
        """;

    private static class SqliteSql
    {
        public const string Append = """
            INSERT INTO attendance_facts (idempotency_key, session_id, fqn, occurred_at, kind, room, participant_key, participant_kind,
                participant_jid, name, email, user_id, moderator, disconnect_reason, granted_by_key)
            VALUES (@IdempotencyKey, @SessionId, @Fqn, @OccurredAt, @Kind, @Room, @ParticipantKey, @ParticipantKind,
                @ParticipantJid, @Name, @Email, @UserId, @Moderator, @DisconnectReason, @GrantedByKey)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

        public const string FactsOfSession = "SELECT " + Columns + " FROM attendance_facts WHERE session_id = @SessionId";

        public const string FactKeysOfSession = "SELECT idempotency_key FROM attendance_facts WHERE session_id = @SessionId";

        public const string ClearSession = "DELETE FROM attendance_facts WHERE session_id = @SessionId";

        // Newest first by last event, keyset-paged on (last event, session_id). appId is the fqn before its first '/', the room
        // everything after it (JaaS: fqn is <AppID>/<room>); fqn || '/' gives a fqn without '/' an empty room.
        public const string ListMeetings = """
            SELECT session_id AS SessionId, MIN(fqn) AS Fqn, MIN(occurred_at) AS FirstEventAt, MAX(occurred_at) AS LastEventAt
            FROM attendance_facts
            WHERE (@AppId IS NULL OR substr(fqn, 1, instr(fqn || '/', '/') - 1) = @AppId)
                AND (@Room IS NULL OR substr(fqn, instr(fqn || '/', '/') + 1) = @Room)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(occurred_at) >= @From) AND (@To IS NULL OR MAX(occurred_at) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(occurred_at) < @AfterLastEventAt
                    OR (MAX(occurred_at) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            LIMIT @Take
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string Append = """
            INSERT INTO dbo.attendance_facts (idempotency_key, session_id, fqn, occurred_at, kind, room, participant_key, participant_kind,
                participant_jid, name, email, user_id, moderator, disconnect_reason, granted_by_key)
            SELECT @IdempotencyKey, @SessionId, @Fqn, @OccurredAt, @Kind, @Room, @ParticipantKey, @ParticipantKind,
                @ParticipantJid, @Name, @Email, @UserId, @Moderator, @DisconnectReason, @GrantedByKey
            WHERE NOT EXISTS (SELECT 1 FROM dbo.attendance_facts WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = @IdempotencyKey)
            """;

        public const string FactsOfSession = "SELECT " + Columns + " FROM dbo.attendance_facts WHERE session_id = @SessionId";

        public const string FactKeysOfSession = "SELECT idempotency_key FROM dbo.attendance_facts WHERE session_id = @SessionId";

        public const string ClearSession = "DELETE FROM dbo.attendance_facts WHERE session_id = @SessionId";

        public const string ListMeetings = """
            SELECT TOP (@Take) session_id AS SessionId, MIN(fqn) AS Fqn, MIN(occurred_at) AS FirstEventAt, MAX(occurred_at) AS LastEventAt
            FROM dbo.attendance_facts
            WHERE (@AppId IS NULL OR LEFT(fqn, CHARINDEX(N'/', fqn + N'/') - 1) = @AppId)
                AND (@Room IS NULL OR SUBSTRING(fqn, CHARINDEX(N'/', fqn + N'/') + 1, 800) = @Room)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(occurred_at) >= @From) AND (@To IS NULL OR MAX(occurred_at) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(occurred_at) < @AfterLastEventAt
                    OR (MAX(occurred_at) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            """;
    }

    /// <summary>Stores a fact in the consumer's inbox transaction; a fact already stored is left as it is.</summary>
    public Task AppendAsync(InboxTransaction inbox, AttendanceFact fact) =>
        inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.Append, SqlServerSql.Append),
            new
            {
                fact.IdempotencyKey, fact.SessionId, fact.Fqn, OccurredAt = fact.OccurredAt.ToUnixTimeMilliseconds(),
                Kind = fact.Kind.ToString(), fact.Room, fact.ParticipantKey, fact.ParticipantKind, fact.ParticipantJid,
                fact.Name, fact.Email, fact.UserId, fact.Moderator, fact.DisconnectReason, fact.GrantedByKey,
            },
            inbox.Transaction);

    public async Task<IReadOnlyList<AttendanceFact>> FactsOfSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Dapper reads kind from its name, moderator from SQLite's INTEGER, times through UnixMillisecondsTypeHandler.
        var facts = await connection.QueryAsync<AttendanceFact>(
            new CommandDefinition(database.Sql(SqliteSql.FactsOfSession, SqlServerSql.FactsOfSession), new { SessionId = sessionId },
                cancellationToken: cancellationToken));
        return facts.ToList();
    }

    /// <summary>
    /// A page of meetings (the list reads every fact's session, fqn and time from ix_attendance_facts_meeting; the figures of
    /// a meeting are derived when it is read, so there is no meeting row to keep in step).
    /// </summary>
    public async Task<IReadOnlyList<MeetingRow>> ListMeetingsAsync(MeetingListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var meetings = await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            database.Sql(SqliteSql.ListMeetings, SqlServerSql.ListMeetings), query, cancellationToken: cancellationToken));
        return meetings.ToList();
    }

    /// <summary>
    /// Deletes one meeting's facts and the attendance inbox rows of its deliveries, in one transaction (reprocess).
    /// Facts are per meeting, so the whole meeting goes and is replayed whole.
    /// </summary>
    public Task<MeetingCleared> ClearMeetingAsync(string sessionId, IReadOnlyCollection<string> idempotencyKeys, bool dryRun, CancellationToken cancellationToken) =>
        MeetingClearing.ClearAsync(
            database,
            new MeetingEffects(Consumers, database.Sql(SqliteSql.FactKeysOfSession, SqlServerSql.FactKeysOfSession),
                [database.Sql(SqliteSql.ClearSession, SqlServerSql.ClearSession)]),
            sessionId, idempotencyKeys, dryRun, cancellationToken);
}
