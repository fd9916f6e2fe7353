using Dapper;
using JaasPipeline.Contracts;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Benchmark;

/// <summary>
/// Acceptance-to-commit latency from the SQLite files themselves: the ingress's outbox_deliveries.received_at (set
/// when the delivery is taken for the outbox commit, Unix ms) and each consumer's inbox_messages.received_at for the
/// delivery's bus MessageId (UUIDv5 of its idempotency key, stored as text). The inbox row is written at the start of
/// the consumer's transaction, so the time read is a few milliseconds before that consumer's commit. For each delivery
/// the latest time over the consumers that handled it counts: the moment the last of them had it.
/// </summary>
internal static class CommitTimes
{
    private const string OutboxTimes = """
        SELECT idempotency_key AS IdempotencyKey, received_at AS ReceivedAt
        FROM outbox_deliveries
        WHERE received_at >= @Since
        """;

    private const string InboxTimes = """
        SELECT message_id AS MessageId, received_at AS ReceivedAt
        FROM inbox_messages
        WHERE received_at >= @Since
        """;

    public static async Task<CommitReport> ReadAsync(
        string? ingressDatabase, IReadOnlyList<ConsumerDatabase> consumers, IReadOnlyList<SentDelivery> accepted, double sinceUnixMs)
    {
        var since = (long)sinceUnixMs;
        var outbox = new Dictionary<string, long>();
        if (ingressDatabase is not null)
        {
            await using var connection = Open(ingressDatabase);
            foreach (var row in await connection.QueryAsync<OutboxRow>(OutboxTimes, new { Since = since }))
            {
                outbox[row.IdempotencyKey] = row.ReceivedAt;
            }
        }

        var inboxes = new List<(string Name, Dictionary<string, long> Times)>();
        foreach (var consumer in consumers)
        {
            await using var connection = Open(consumer.Path);
            var times = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in await connection.QueryAsync<InboxRow>(InboxTimes, new { Since = since }))
            {
                times[row.MessageId] = row.ReceivedAt;
            }

            inboxes.Add((consumer.Name, times));
        }

        var acceptToCommit = new LatencyRecorder();
        var intendedToCommit = new LatencyRecorder();
        var notCommitted = new Dictionary<string, int>();
        var rowsByConsumer = inboxes.ToDictionary(i => i.Name, _ => 0);
        var matched = 0;
        var notInOutbox = 0;
        long? lastCommit = null;
        foreach (var delivery in accepted)
        {
            var messageId = JaasMessageId.FromIdempotencyKey(delivery.IdempotencyKey).ToString();
            long? latest = null;
            foreach (var (name, times) in inboxes)
            {
                if (times.TryGetValue(messageId, out var at))
                {
                    rowsByConsumer[name]++;
                    latest = Math.Max(latest ?? at, at);
                }
            }

            if (latest is not { } committed)
            {
                notCommitted[delivery.EventType] = notCommitted.GetValueOrDefault(delivery.EventType) + 1;
                continue;
            }

            lastCommit = Math.Max(lastCommit ?? committed, committed);
            intendedToCommit.Record(committed - delivery.IntendedUnixMs);
            if (outbox.TryGetValue(delivery.IdempotencyKey, out var receivedAt))
            {
                acceptToCommit.Record(committed - receivedAt);
                matched++;
            }
            else
            {
                notInOutbox++;
            }
        }

        return new CommitReport(
            matched, notInOutbox, notCommitted, rowsByConsumer, acceptToCommit.Summarize(), intendedToCommit.Summarize(), lastCommit);
    }

    private static SqliteConnection Open(string path) => new($"Data Source={path};Mode=ReadOnly;Pooling=False");

    private sealed class OutboxRow
    {
        public string IdempotencyKey { get; init; } = "";

        public long ReceivedAt { get; init; }
    }

    private sealed class InboxRow
    {
        public string MessageId { get; init; } = "";

        public long ReceivedAt { get; init; }
    }
}
