using System.Collections.Concurrent;
using System.Net;
using Dapper;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Standalone.Tests;

/// <summary>The embedded default survives kill -9: every delivery answered 200 is processed after a restart.</summary>
public sealed class KillNineTests
{
    private const string Secret = "whsec_standalone_kill_test_000000000000";
    private static readonly string StandaloneDll = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll");

    [Test]
    public async Task KilledMidStream_EveryAcceptedDeliveryIsProcessedAfterRestart()
    {
        using var folder = new TempFolder("standalone");
        var environment = new Dictionary<string, string> { ["Ingress__WebhookSecrets__0"] = Secret };
        var accepted = new ConcurrentBag<string>();
        var firstRun = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, environment);
        var port = firstRun.Address.Port;

        // Hold the analytics database's write lock: its consumer stalls, so published messages pile up in the
        // in-memory queue, which is exactly what a kill -9 destroys.
        await using (var analyticsLock = await LockAnalyticsAsync(folder))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var key = $"kill-{i}-{Guid.NewGuid():N}";
                if ((await AnalyticsJournal.PostSignedJoinAsync(firstRun.Client, Secret, key)).StatusCode == HttpStatusCode.OK)
                {
                    accepted.Add(key);
                }
            });
            await Eventually.WaitUntilAsync(
                async () => await UnpublishedCountAsync(folder) == 0, TimeSpan.FromSeconds(5), "the relay has published every accepted row");
            await firstRun.KillHardAsync();
        }

        var journaledBeforeRestart = await AnalyticsJournal.CountAsync(folder);
        TestContext.Progress.WriteLine($"killed with {accepted.Count} accepted, all published, {journaledBeforeRestart} journaled");
        Assert.That(accepted, Has.Count.EqualTo(400));
        Assert.That(journaledBeforeRestart, Is.LessThan(accepted.Count), "the kill must catch messages on the in-memory bus");

        await using var secondRun = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, environment, port);
        await Eventually.WaitUntilAsync(
            async () => (await AnalyticsJournal.KeysAsync(folder)).IsSupersetOf(accepted), TimeSpan.FromMinutes(2),
            "every accepted delivery is in the analytics journal");

        var journal = await AnalyticsJournal.KeysAsync(folder);
        Assert.That(journal, Is.SupersetOf(accepted));
        Assert.That(await AnalyticsJournal.CountAsync(folder), Is.EqualTo(journal.Count), "no delivery was journaled twice");
        TestContext.Progress.WriteLine(string.Join('\n', secondRun.Output.Split('\n').Where(l => l.Contains("again", StringComparison.Ordinal))));
    }

    private static async Task<SqliteConnection> LockAnalyticsAsync(TempFolder folder)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "data", "analytics.db")};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("BEGIN IMMEDIATE");
        return connection;
    }

    private static async Task<long> UnpublishedCountAsync(TempFolder folder)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "data", "ingress.db")};Mode=ReadOnly;Pooling=False");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at IS NULL");
    }
}
