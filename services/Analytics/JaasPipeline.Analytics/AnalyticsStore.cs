using System.Globalization;
using System.Text.Json;
using Dapper;
using JaasPipeline.Analytics.Consumers;
using JaasPipeline.Analytics.Gaps;
using JaasPipeline.ConsumerApi;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Messaging;

namespace JaasPipeline.Analytics;

/// <summary>The engagement facts (as received) and the monthly usage rows of the analytics service.</summary>
public sealed class AnalyticsStore(Database database) : IMeetingClearing, IMeetingDirectory
{
    private readonly MeetingGapStore gaps = new(database);

    // Reprocess redoes what came from the ingress. Call-quality rows came from ArtifactStored, which a replay of the
    // ingress's deliveries cannot send again: they stay, with StatisticsFileConsumer's inbox rows. Usage rows are sets per
    // customer and month that do not record which meeting added a member: they stay, and the replayed USAGE adds nothing twice.
    // Lost artifacts came from media-artifacts and stay.
    private static readonly string[] ReplayableConsumers =
        [nameof(EventJournalConsumer), nameof(MeetingFactsConsumer), nameof(UsageConsumer)];

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private static class SqliteSql
    {
        public const string AppendJournal = """
            INSERT INTO analytics_event_journal (message_id, idempotency_key, event_type, session_id, fqn, occurred_at, is_breakout,
                participant_id, participant_name, recording_session_id)
            VALUES (@MessageId, @IdempotencyKey, @EventType, @SessionId, @Fqn, @OccurredAt, @IsBreakout, @ParticipantId, @ParticipantName,
                @RecordingSessionId)
            """;

        public const string AppendFact = """
            INSERT INTO analytics_facts (idempotency_key, session_id, kind, occurred_at, payload)
            VALUES (@IdempotencyKey, @SessionId, @Kind, @OccurredAt, @Payload)
            ON CONFLICT (idempotency_key) DO NOTHING
            """;

        public const string FactsOfSession = "SELECT kind AS Kind, payload AS Payload FROM analytics_facts WHERE session_id = @SessionId";

        public const string EffectKeysOfSession = """
            SELECT idempotency_key FROM analytics_event_journal WHERE session_id = @SessionId
            UNION SELECT idempotency_key FROM analytics_facts WHERE session_id = @SessionId
            """;

        public const string ClearJournal = "DELETE FROM analytics_event_journal WHERE session_id = @SessionId";

        public const string ClearFacts = "DELETE FROM analytics_facts WHERE session_id = @SessionId";

        public const string AddDevice = """
            INSERT INTO analytics_usage_devices (customer_id, month, device_id) VALUES (@CustomerId, @Month, @Id)
            ON CONFLICT DO NOTHING
            """;

        public const string AddUser = """
            INSERT INTO analytics_usage_users (customer_id, month, user_id) VALUES (@CustomerId, @Month, @Id)
            ON CONFLICT DO NOTHING
            """;

        // A meeting is known here by its journal: every event the service received, whatever its type.
        public const string FqnOfSession = "SELECT MIN(fqn) FROM analytics_event_journal WHERE session_id = @SessionId";

        // Newest first by last event, keyset-paged on (last event, session_id); appId is the fqn before its first '/', the
        // room everything after it (JaaS: fqn is <AppID>/<room>).
        public const string ListMeetings = """
            SELECT session_id AS SessionId, MIN(fqn) AS Fqn, MIN(occurred_at) AS FirstEventAt, MAX(occurred_at) AS LastEventAt
            FROM analytics_event_journal
            WHERE (@AppId IS NULL OR substr(fqn, 1, instr(fqn || '/', '/') - 1) = @AppId)
                AND (@Room IS NULL OR substr(fqn, instr(fqn || '/', '/') + 1) = @Room)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(occurred_at) >= @From) AND (@To IS NULL OR MAX(occurred_at) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(occurred_at) < @AfterLastEventAt
                    OR (MAX(occurred_at) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            LIMIT @Take
            """;

        // A customer is known once any USAGE named them, in any month.
        public const string CustomerKnown = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM analytics_usage_devices WHERE customer_id = @CustomerId)
                OR EXISTS (SELECT 1 FROM analytics_usage_users WHERE customer_id = @CustomerId) THEN 1 ELSE 0 END
            """;

        public const string Usage = """
            SELECT (SELECT COUNT(*) FROM analytics_usage_devices WHERE customer_id = @CustomerId AND month = @Month) AS ActiveDevices,
                   (SELECT COUNT(*) FROM analytics_usage_users WHERE customer_id = @CustomerId AND month = @Month) AS ActiveUsers
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string AppendJournal = """
            INSERT INTO dbo.analytics_event_journal (message_id, idempotency_key, event_type, session_id, fqn, occurred_at, is_breakout,
                participant_id, participant_name, recording_session_id)
            VALUES (@MessageId, @IdempotencyKey, @EventType, @SessionId, @Fqn, @OccurredAt, @IsBreakout, @ParticipantId, @ParticipantName,
                @RecordingSessionId)
            """;

        public const string AppendFact = """
            INSERT INTO dbo.analytics_facts (idempotency_key, session_id, kind, occurred_at, payload)
            SELECT @IdempotencyKey, @SessionId, @Kind, @OccurredAt, @Payload
            WHERE NOT EXISTS (SELECT 1 FROM dbo.analytics_facts WITH (UPDLOCK, HOLDLOCK) WHERE idempotency_key = @IdempotencyKey)
            """;

        public const string FactsOfSession = "SELECT kind AS Kind, payload AS Payload FROM dbo.analytics_facts WHERE session_id = @SessionId";

        public const string EffectKeysOfSession = """
            SELECT idempotency_key FROM dbo.analytics_event_journal WHERE session_id = @SessionId
            UNION SELECT idempotency_key FROM dbo.analytics_facts WHERE session_id = @SessionId
            """;

        public const string ClearJournal = "DELETE FROM dbo.analytics_event_journal WHERE session_id = @SessionId";

        public const string ClearFacts = "DELETE FROM dbo.analytics_facts WHERE session_id = @SessionId";

        public const string AddDevice = """
            INSERT INTO dbo.analytics_usage_devices (customer_id, month, device_id)
            SELECT @CustomerId, @Month, @Id
            WHERE NOT EXISTS (SELECT 1 FROM dbo.analytics_usage_devices WITH (UPDLOCK, HOLDLOCK)
                WHERE customer_id = @CustomerId AND month = @Month AND device_id = @Id)
            """;

        public const string AddUser = """
            INSERT INTO dbo.analytics_usage_users (customer_id, month, user_id)
            SELECT @CustomerId, @Month, @Id
            WHERE NOT EXISTS (SELECT 1 FROM dbo.analytics_usage_users WITH (UPDLOCK, HOLDLOCK)
                WHERE customer_id = @CustomerId AND month = @Month AND user_id = @Id)
            """;

        public const string FqnOfSession = "SELECT MIN(fqn) FROM dbo.analytics_event_journal WHERE session_id = @SessionId";

        // The journal's fqn has the default collation: compared byte for byte (BIN2), as SQLite and the other services do.
        public const string ListMeetings = """
            SELECT TOP (@Take) session_id AS SessionId, MIN(fqn) AS Fqn, MIN(occurred_at) AS FirstEventAt, MAX(occurred_at) AS LastEventAt
            FROM dbo.analytics_event_journal
            WHERE (@AppId IS NULL OR LEFT(fqn, CHARINDEX(N'/', fqn + N'/') - 1) = @AppId COLLATE Latin1_General_100_BIN2)
                AND (@Room IS NULL OR SUBSTRING(fqn, CHARINDEX(N'/', fqn + N'/') + 1, 800) = @Room COLLATE Latin1_General_100_BIN2)
            GROUP BY session_id
            HAVING (@From IS NULL OR MAX(occurred_at) >= @From) AND (@To IS NULL OR MAX(occurred_at) <= @To)
                AND (@AfterLastEventAt IS NULL OR MAX(occurred_at) < @AfterLastEventAt
                    OR (MAX(occurred_at) = @AfterLastEventAt AND session_id < @AfterSessionId))
            ORDER BY LastEventAt DESC, SessionId DESC
            """;

        public const string CustomerKnown = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM dbo.analytics_usage_devices WHERE customer_id = @CustomerId)
                OR EXISTS (SELECT 1 FROM dbo.analytics_usage_users WHERE customer_id = @CustomerId) THEN 1 ELSE 0 END
            """;

        public const string Usage = """
            SELECT (SELECT COUNT(*) FROM dbo.analytics_usage_devices WHERE customer_id = @CustomerId AND month = @Month) AS ActiveDevices,
                   (SELECT COUNT(*) FROM dbo.analytics_usage_users WHERE customer_id = @CustomerId AND month = @Month) AS ActiveUsers
            """;
    }

    /// <summary>The calendar month (UTC) of a time, as the usage rows and the API name it: <c>YYYY-MM</c>.</summary>
    public static string MonthOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy'-'MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Records a JaaS event of any type in the analytics journal, in the consumer's inbox transaction. With a
    /// <paramref name="gapSubject"/> (an event the gap rules read), its meeting is marked due for the gap worker in the
    /// same transaction.
    /// </summary>
    public async Task AppendJournalAsync(InboxTransaction inbox, IJaasEvent message, Guid messageId, GapSubject? gapSubject)
    {
        var subject = gapSubject ?? new GapSubject();
        await inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.AppendJournal, SqlServerSql.AppendJournal),
            new
            {
                MessageId = database.Provider == DatabaseProvider.Sqlite ? (object)messageId.ToString() : messageId,
                message.IdempotencyKey,
                message.EventType,
                message.SessionId,
                message.Fqn,
                OccurredAt = message.Timestamp.ToUnixTimeMilliseconds(),
                subject.IsBreakout,
                subject.ParticipantId,
                subject.ParticipantName,
                subject.RecordingSessionId,
            },
            inbox.Transaction);
        if (gapSubject is not null)
        {
            await gaps.MarkDueAsync(inbox, message.SessionId);
        }
    }

    /// <summary>Stores an engagement event as received, in the consumer's inbox transaction; a key already stored is left as it is.</summary>
    public Task AppendFactAsync(InboxTransaction inbox, JaasEvent fact) =>
        inbox.Connection.ExecuteAsync(
            database.Sql(SqliteSql.AppendFact, SqlServerSql.AppendFact),
            new
            {
                fact.IdempotencyKey,
                fact.SessionId,
                Kind = AnalyticsFacts.KindOf(fact),
                OccurredAt = fact.Timestamp.ToUnixTimeMilliseconds(),
                Payload = JsonSerializer.Serialize(fact, fact.GetType(), PayloadJson),
            },
            inbox.Transaction);

    public async Task<IReadOnlyList<JaasEvent>> FactsOfSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, string Payload)>(new CommandDefinition(
            database.Sql(SqliteSql.FactsOfSession, SqlServerSql.FactsOfSession), new { SessionId = sessionId }, cancellationToken: cancellationToken));
        return rows
            .Select(row => (JaasEvent)JsonSerializer.Deserialize(row.Payload, AnalyticsFacts.RecordTypeOf(row.Kind), PayloadJson)!)
            .ToList();
    }

    /// <summary>
    /// USAGE: one row per (customer, month, device) and per (customer, month, user), inserted if absent, so the
    /// counts are COUNT(*) and a repeated or overlapping USAGE never counts anyone twice.
    /// </summary>
    public async Task AddUsageAsync(InboxTransaction inbox, UsageReported usage)
    {
        var month = MonthOf(usage.Timestamp);
        foreach (var entry in usage.Entries)
        {
            var customerId = string.IsNullOrEmpty(entry.CustomerId) ? usage.CustomerId : entry.CustomerId;
            if (string.IsNullOrEmpty(customerId))
            {
                continue;
            }

            // Dial participants count as devices: their deviceId is the phone number.
            if (!string.IsNullOrEmpty(entry.DeviceId))
            {
                await inbox.Connection.ExecuteAsync(database.Sql(SqliteSql.AddDevice, SqlServerSql.AddDevice),
                    new { CustomerId = customerId, Month = month, Id = entry.DeviceId }, inbox.Transaction);
            }

            if (!string.IsNullOrEmpty(entry.UserId))
            {
                await inbox.Connection.ExecuteAsync(database.Sql(SqliteSql.AddUser, SqlServerSql.AddUser),
                    new { CustomerId = customerId, Month = month, Id = entry.UserId }, inbox.Transaction);
            }
        }
    }

    /// <summary>The meeting's fqn as its journal has it; null when the service has received no event of it.</summary>
    public async Task<string?> FqnOfSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            database.Sql(SqliteSql.FqnOfSession, SqlServerSql.FqnOfSession), new { SessionId = sessionId }, cancellationToken: cancellationToken));
    }

    /// <summary>A page of meetings, read from the journal's ix_analytics_event_journal_meeting.</summary>
    public async Task<IReadOnlyList<MeetingRow>> ListMeetingsAsync(MeetingListQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            database.Sql(SqliteSql.ListMeetings, SqlServerSql.ListMeetings), query, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The customer's usage in <paramref name="month"/> (zeros for a month without any); null when no USAGE ever named the customer.</summary>
    public async Task<MonthlyUsage?> UsageAsync(string customerId, string month, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                database.Sql(SqliteSql.CustomerKnown, SqlServerSql.CustomerKnown), new { CustomerId = customerId }, cancellationToken: cancellationToken)) == 0)
        {
            return null;
        }

        var counts = await connection.QuerySingleAsync<(long ActiveDevices, long ActiveUsers)>(new CommandDefinition(
            database.Sql(SqliteSql.Usage, SqlServerSql.Usage), new { CustomerId = customerId, Month = month }, cancellationToken: cancellationToken));
        return new MonthlyUsage(customerId, month, (int)counts.ActiveDevices, (int)counts.ActiveUsers);
    }

    /// <summary>Deletes one meeting's journal rows, engagement facts, gap events and gaps, and their inbox rows in one transaction (reprocess).</summary>
    public Task<MeetingCleared> ClearMeetingAsync(string sessionId, IReadOnlyCollection<string> idempotencyKeys, bool dryRun, CancellationToken cancellationToken) =>
        MeetingClearing.ClearAsync(
            database,
            new MeetingEffects(ReplayableConsumers, database.Sql(SqliteSql.EffectKeysOfSession, SqlServerSql.EffectKeysOfSession),
                [database.Sql(SqliteSql.ClearJournal, SqlServerSql.ClearJournal), database.Sql(SqliteSql.ClearFacts, SqlServerSql.ClearFacts), .. gaps.ClearStatements]),
            sessionId, idempotencyKeys, dryRun, cancellationToken);
}
