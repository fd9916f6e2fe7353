using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Benchmark.Tests;

/// <summary>Acceptance-to-commit latency read from real SQLite files shaped like the services' tables.</summary>
public sealed class CommitTimesTests
{
    [Test]
    public async Task DeliveryHandledByTwoConsumers_CountsUntilTheLaterCommit_AndAnUnhandledOneIsReported()
    {
        using var folder = new TempFolder("benchmark");
        var ingress = Path.Combine(folder.Path, "ingress.db");
        var attendance = Path.Combine(folder.Path, "attendance.db");
        var analytics = Path.Combine(folder.Path, "analytics.db");
        await ExecuteAsync(ingress, """
            CREATE TABLE outbox_deliveries (idempotency_key TEXT NOT NULL, received_at INTEGER NOT NULL);
            INSERT INTO outbox_deliveries VALUES ('k-joined', 1000), ('k-chat', 1000), ('k-lost', 1000);
            """);
        const string Inbox = "CREATE TABLE inbox_messages (consumer TEXT, message_id TEXT, message_type TEXT, received_at INTEGER);";
        await ExecuteAsync(attendance, Inbox + "INSERT INTO inbox_messages VALUES ('attendance', @Joined, 'ParticipantJoined', 1040);", new { Joined = Id("k-joined") });
        await ExecuteAsync(analytics, Inbox + """
            INSERT INTO inbox_messages VALUES ('analytics', @Joined, 'IJaasEvent', 1025), ('analytics', @Chat, 'IJaasEvent', 1010);
            """, new { Joined = Id("k-joined"), Chat = Id("k-chat") });
        SentDelivery[] accepted =
        [
            new("k-joined", "PARTICIPANT_JOINED", 995), new("k-chat", "CHAT_UPLOADED", 995), new("k-lost", "REACTIONS", 995),
        ];

        var report = await CommitTimes.ReadAsync(
            ingress, [new ConsumerDatabase("attendance", attendance), new ConsumerDatabase("analytics", analytics)], accepted, sinceUnixMs: 0);

        Assert.That(report.AcceptToLastCommit.Max, Is.EqualTo(40)); // the attendance commit, later than analytics'
        Assert.That(report.AcceptToLastCommit.Count, Is.EqualTo(2));
        Assert.That(report.LastCommitUnixMs, Is.EqualTo(1040));
        Assert.That(report.RowsByConsumer, Is.EquivalentTo(new Dictionary<string, int> { ["attendance"] = 1, ["analytics"] = 2 }));
        Assert.That(report.NotCommittedByType, Is.EquivalentTo(new Dictionary<string, int> { ["REACTIONS"] = 1 }));
    }

    // SQLite stores the inbox's Guid as text, as InboxFilter writes it.
    private static string Id(string idempotencyKey) => JaasMessageId.FromIdempotencyKey(idempotencyKey).ToString();

    private static async Task ExecuteAsync(string path, string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.ExecuteAsync(sql, parameters);
    }
}
