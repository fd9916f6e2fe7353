using Dapper;
using JaasPipeline.Data;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Migration 0007 on a real SQLite file: an analytics database as 0006 left it, with gap events beside their journal
/// rows, upgraded. What the gap rules read must survive the move into the journal.
/// </summary>
public sealed class GapEvidenceMigrationTests
{
    [Test]
    public async Task GapEventsOfA0006Database_MoveIntoTheirJournalRows_AndTheirTableIsGone()
    {
        using var folder = new TempFolder("gap-migration");
        await using var connection = new SqliteConnection(folder.SqliteConnectionString("analytics"));
        await connection.OpenAsync();
        var scripts = SchemaMigrator.Scripts(typeof(AnalyticsStore).Assembly, DatabaseProvider.Sqlite);
        foreach (var batch in scripts.Where(s => s.Version < 7).SelectMany(s => s.Batches))
        {
            await connection.ExecuteAsync(batch);
        }

        await connection.ExecuteAsync("""
            INSERT INTO analytics_event_journal (message_id, idempotency_key, event_type, session_id, fqn, occurred_at) VALUES
                ('m1', 'k-joined', 'PARTICIPANT_JOINED', 's1', 'app/room', 1000),
                ('m2', 'k-uploaded', 'RECORDING_UPLOADED', 's1', 'app/room', 2000),
                ('m3', 'k-reactions', 'REACTIONS', 's1', 'app/room', 3000);
            INSERT INTO analytics_gap_events (idempotency_key, session_id, event_type, occurred_at, is_breakout, participant_id,
                participant_name, recording_session_id) VALUES
                ('k-joined', 's1', 'PARTICIPANT_JOINED', 1000, 1, 'p-1', 'Ada', NULL),
                ('k-uploaded', 's1', 'RECORDING_UPLOADED', 2000, 0, NULL, NULL, 'rec-7');
            """);

        foreach (var batch in scripts.Single(s => s.Version == 7).Batches)
        {
            await connection.ExecuteAsync(batch);
        }

        var rows = (await connection.QueryAsync<(string Key, long IsBreakout, string? ParticipantId, string? ParticipantName, string? RecordingSessionId)>(
            "SELECT idempotency_key, is_breakout, participant_id, participant_name, recording_session_id FROM analytics_event_journal ORDER BY occurred_at")).ToList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            ("k-joined", 1L, (string?)"p-1", (string?)"Ada", (string?)null),
            ("k-uploaded", 0L, null, null, "rec-7"),
            ("k-reactions", 0L, null, null, null),
        }));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'analytics_gap_events'"), Is.Zero);
    }
}
