using Dapper;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// <see cref="AnalyticsTestHost"/> (a real SQLite file, the in-memory bus, Kestrel on 127.0.0.1) with a clock the test moves
/// (<see cref="ShiftableClock"/>): the gap windows are measured against it, its timers stay real.
/// </summary>
public sealed class GapTestHost : IAsyncDisposable
{
    private readonly AnalyticsTestHost host;

    private GapTestHost(AnalyticsTestHost host, ShiftableClock clock)
    {
        this.host = host;
        Clock = clock;
    }

    public HttpClient Client => host.Client;

    public ShiftableClock Clock { get; }

    public IBus Bus => host.Bus;

    public Database Database => host.Database;

    public AnalyticsStore Store => new(Database);

    public static async Task<GapTestHost> StartAsync(TempFolder folder)
    {
        var clock = new ShiftableClock();
        var host = await AnalyticsTestHost.StartAsync(folder, new Dictionary<string, string?>
        {
            ["Analytics:QualityPollInterval"] = "00:00:00.200",
            ["Analytics:GapPollInterval"] = "00:00:00.200",
            ["Analytics:GapRecordingUploadWindow"] = "01:00:00",
            ["Analytics:GapLeaveGrace"] = "00:10:00",
            ["Analytics:GapRoomDestroyWindow"] = "1.00:00:00",
            ["Analytics:GapTranscriptUploadWindow"] = "01:00:00",
        }, clock);
        return new GapTestHost(host, clock);
    }

    /// <summary>Publishes a JaaS event (or our own message) as its record type, under the MessageId the relay would give it.</summary>
    public Task PublishAsync(object message) =>
        Bus.Publish(message, message.GetType(), context =>
        {
            if (message is JaasEvent jaas)
            {
                context.MessageId = JaasMessageId.FromIdempotencyKey(jaas.IdempotencyKey);
            }
            else if (message is ArtifactLost lost)
            {
                context.MessageId = lost.ArtifactId;
            }
            else if (message is ArtifactStored stored)
            {
                context.MessageId = stored.ArtifactId;
            }
        });

    /// <summary>The gaps recorded by the worker for a meeting, as (kind, subject).</summary>
    public async Task<IReadOnlyList<(string Kind, string Subject)>> RecordedGapsAsync(string sessionId)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<(string, string)>(
            "SELECT kind, subject FROM analytics_meeting_gaps WHERE session_id = @SessionId ORDER BY kind, subject", new { SessionId = sessionId })).ToList();
    }

    /// <summary>Waits until the worker's record of the meeting's gaps is exactly <paramref name="expected"/> (kinds, with repeats).</summary>
    public async Task WaitForRecordedKindsAsync(string sessionId, params string[] expected)
    {
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<(string Kind, string Subject)> seen = [];
        await Eventually.WaitUntilAsync(async () =>
        {
            seen = await RecordedGapsAsync(sessionId);
            return seen.Select(g => g.Kind).Order(StringComparer.Ordinal).SequenceEqual(wanted);
        }, TimeSpan.FromSeconds(30), $"meeting {sessionId} has recorded gaps [{string.Join(", ", wanted)}] (last seen: [{string.Join(", ", seen.Select(g => g.Kind))}])");
    }

    /// <summary>Waits until the meeting's gap events, lost artifacts and work-list row have all been committed (its inbox rows settled).</summary>
    public async Task WaitForWorkListAsync(string sessionId, long minimumVersion)
    {
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var connection = await Database.OpenAsync();
            var version = await connection.ExecuteScalarAsync<long?>(
                "SELECT version FROM analytics_gap_meetings WHERE session_id = @SessionId", new { SessionId = sessionId });
            return version >= minimumVersion;
        }, TimeSpan.FromSeconds(30), $"meeting {sessionId} has {minimumVersion} events in the gap work list");
    }

    /// <summary>Waits until the worker has evaluated the meeting since its last event (its due_at is no longer 0).</summary>
    public async Task WaitForEvaluatedAsync(string sessionId)
    {
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var connection = await Database.OpenAsync();
            var due = (await connection.QueryAsync<long?>("SELECT due_at FROM analytics_gap_meetings WHERE session_id = @SessionId", new { SessionId = sessionId })).ToList();
            return due is [var dueAt] && dueAt is not 0;
        }, TimeSpan.FromSeconds(30), $"the gap worker has evaluated meeting {sessionId}");
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
