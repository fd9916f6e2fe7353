using System.Text.Json;
using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>The settings-provisioning rules (<c>room_settings</c>) and their change history (<c>room_settings_audit</c>).</summary>
public sealed class RoomSettingsStore(Database database, TimeProvider clock)
{
    private static class SqliteSql
    {
        public const string SelectAll = "SELECT app_id AS AppId, room AS Room, settings AS Settings FROM room_settings";

        public const string SelectOne = "SELECT settings FROM room_settings WHERE app_id = @AppId AND room = @Room";

        public const string SelectApp = "SELECT app_id AS AppId, room AS Room, settings AS Settings FROM room_settings WHERE app_id = @AppId ORDER BY room";

        public const string Upsert = """
            INSERT INTO room_settings (app_id, room, settings, updated_at) VALUES (@AppId, @Room, @Settings, @Now)
            ON CONFLICT (app_id, room) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
            """;

        public const string Delete = "DELETE FROM room_settings WHERE app_id = @AppId AND room = @Room";

        public const string InsertAudit = """
            INSERT INTO room_settings_audit (app_id, room, changed_by, changed_at, before_settings, after_settings)
            VALUES (@AppId, @Room, @ChangedBy, @Now, @Before, @After)
            """;

        public const string SelectChanges = """
            SELECT id AS Id, room AS Room, changed_by AS ChangedBy, changed_at AS ChangedAt, before_settings AS Before, after_settings AS After
            FROM room_settings_audit
            WHERE app_id = @AppId AND id < @BeforeId
            ORDER BY id DESC
            LIMIT @Take
            """;
    }

    /// <summary>T-SQL, parsed by ScriptDom in the tests.</summary>
    public static class SqlServerSql
    {
        public const string SelectAll = "SELECT app_id AS AppId, room AS Room, settings AS Settings FROM dbo.room_settings";

        // Read before a change, in its transaction: UPDLOCK+HOLDLOCK keep a concurrent change from slipping between.
        public const string SelectOne = "SELECT settings FROM dbo.room_settings WITH (UPDLOCK, HOLDLOCK) WHERE app_id = @AppId AND room = @Room";

        public const string SelectApp = "SELECT app_id AS AppId, room AS Room, settings AS Settings FROM dbo.room_settings WHERE app_id = @AppId ORDER BY room";

        public const string Upsert = """
            MERGE dbo.room_settings WITH (HOLDLOCK) AS target
            USING (SELECT @AppId AS app_id, @Room AS room) AS source ON target.app_id = source.app_id AND target.room = source.room
            WHEN MATCHED THEN UPDATE SET settings = @Settings, updated_at = @Now
            WHEN NOT MATCHED THEN INSERT (app_id, room, settings, updated_at) VALUES (@AppId, @Room, @Settings, @Now);
            """;

        public const string Delete = "DELETE FROM dbo.room_settings WHERE app_id = @AppId AND room = @Room";

        public const string InsertAudit = """
            INSERT INTO dbo.room_settings_audit (app_id, room, changed_by, changed_at, before_settings, after_settings)
            VALUES (@AppId, @Room, @ChangedBy, @Now, @Before, @After)
            """;

        public const string SelectChanges = """
            SELECT TOP (@Take) id AS Id, room AS Room, changed_by AS ChangedBy, changed_at AS ChangedAt, before_settings AS Before, after_settings AS After
            FROM dbo.room_settings_audit
            WHERE app_id = @AppId AND id < @BeforeId
            ORDER BY id DESC
            """;
    }

    public async Task<IReadOnlyList<RoomSettingsRule>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string AppId, string Room, string Settings)>(
            new CommandDefinition(database.Sql(SqliteSql.SelectAll, SqlServerSql.SelectAll), cancellationToken: cancellationToken));
        return rows.Select(row => new RoomSettingsRule(row.AppId, row.Room, Deserialize(row.Settings))).ToList();
    }

    /// <summary>The rules of one app (its default, patterns and rooms), by room.</summary>
    public async Task<IReadOnlyList<RoomSettingsRule>> LoadAppAsync(string appId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string AppId, string Room, string Settings)>(
            new CommandDefinition(database.Sql(SqliteSql.SelectApp, SqlServerSql.SelectApp), new { AppId = appId }, cancellationToken: cancellationToken));
        return rows.Select(row => new RoomSettingsRule(row.AppId, row.Room, Deserialize(row.Settings))).ToList();
    }

    /// <summary>Sets (or, with null <paramref name="settings"/>, deletes) one rule and records the change; returns the rule before.</summary>
    public async Task<SettingsProvisioningResponse?> ChangeAsync(
        string appId, string room, SettingsProvisioningResponse? settings, string changedBy, CancellationToken cancellationToken)
    {
        using var writeTurn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var before = await connection.QuerySingleOrDefaultAsync<string?>(
            database.Sql(SqliteSql.SelectOne, SqlServerSql.SelectOne), new { AppId = appId, Room = room }, transaction);
        var after = settings is null ? null : JsonSerializer.Serialize(settings);
        if (after is null)
        {
            await connection.ExecuteAsync(database.Sql(SqliteSql.Delete, SqlServerSql.Delete), new { AppId = appId, Room = room }, transaction);
        }
        else
        {
            await connection.ExecuteAsync(
                database.Sql(SqliteSql.Upsert, SqlServerSql.Upsert), new { AppId = appId, Room = room, Settings = after, Now = now }, transaction);
        }

        if (before is not null || after is not null)
        {
            await connection.ExecuteAsync(
                database.Sql(SqliteSql.InsertAudit, SqlServerSql.InsertAudit),
                new { AppId = appId, Room = room, ChangedBy = changedBy, Now = now, Before = before, After = after }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
        return before is null ? null : Deserialize(before);
    }

    /// <summary>
    /// The app's rule changes, newest first, from before the change <paramref name="beforeId"/> (a page's cursor), by
    /// the index on (app_id, id).
    /// </summary>
    public async Task<IReadOnlyList<RoomSettingsChange>> ReadChangesAsync(string appId, long beforeId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Room, string ChangedBy, long ChangedAt, string? Before, string? After)>(new CommandDefinition(
            database.Sql(SqliteSql.SelectChanges, SqlServerSql.SelectChanges),
            new { AppId = appId, BeforeId = beforeId, Take = take }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new RoomSettingsChange(
            row.Id, row.Room, row.ChangedBy, DateTimeOffset.FromUnixTimeMilliseconds(row.ChangedAt),
            row.Before is null ? null : Deserialize(row.Before), row.After is null ? null : Deserialize(row.After)))];
    }

    private static SettingsProvisioningResponse Deserialize(string json) =>
        JsonSerializer.Deserialize<SettingsProvisioningResponse>(json) ?? new SettingsProvisioningResponse();
}
