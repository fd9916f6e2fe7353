using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Standalone.Tests;

/// <summary>
/// The embedded default as it runs (the Standalone process) while one consumer's database cannot be written — what a
/// full disk does to it: the deliveries it failed wait for a retry, readiness and /metrics say so, and once the file is
/// writable again every accepted delivery reaches it exactly once, without a restart.
/// </summary>
public sealed class ConsumerDatabaseRefusesWritesTests
{
    private const string Secret = "whsec_standalone_refuse_test_0000000000";
    private static readonly string StandaloneDll = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    public async Task AnalyticsDatabaseImmutable_DeliveriesWaitForARetry_ThenArriveOnceWithoutARestart()
    {
        using var folder = new TempFolder("standalone");
        var environment = new Dictionary<string, string>
        {
            ["Ingress__WebhookSecrets__0"] = Secret,
            ["Messaging__RetryIntervals__0"] = "00:00:00",
            ["Messaging__InMemoryRetryFirstDelay"] = "00:00:01",
            ["Messaging__InMemoryRetryMaxDelay"] = "00:00:02",
        };
        await using var standalone = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, environment);
        var first = $"before-{Guid.NewGuid():N}";
        Assert.That((await AnalyticsJournal.PostSignedJoinAsync(standalone.Client, Secret, first)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.WaitUntilAsync(async () => (await AnalyticsJournal.KeysAsync(folder)).Contains(first), Deadline, "the first delivery is journaled");

        // chattr +i on analytics.db and its WAL: no write reaches them, root included. The ingress's database is
        // another file, so deliveries are still accepted (200).
        var file = Path.Combine(folder.Path, "data", "analytics.db");
        if (!await Chattr.RunAsync("+i", file, file + "-wal"))
        {
            Assert.Ignore("chattr +i is not possible here (it needs root and a file system with the immutable flag).");
        }

        var accepted = new ConcurrentBag<string>([first]);
        string? retriesWhileImmutable;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var key = $"refused-{i}-{Guid.NewGuid():N}";
                var response = await AnalyticsJournal.PostSignedJoinAsync(standalone.Client, Secret, key);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                accepted.Add(key);
            });
            await Eventually.WaitUntilAsync(
                async () => (await PrometheusScrape.ReadAsync(standalone.Client)).Value("jaas_inmemory_waiting_retry") > 0, Deadline,
                "deliveries wait for a retry");
            retriesWhileImmutable = await RetriesCheckAsync(standalone.Client);
        }
        finally
        {
            await Chattr.RunAsync("-i", file, file + "-wal");
        }

        Assert.That(retriesWhileImmutable, Does.StartWith("Degraded: ").And.Contain("message(s) of queue analytics wait for a retry, next at "));
        await Eventually.WaitUntilAsync(
            async () => (await AnalyticsJournal.KeysAsync(folder)).IsSupersetOf(accepted), Deadline, "every accepted delivery is in the analytics journal");
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(standalone.Client)).Value("jaas_inmemory_unsettled") == 0, Deadline, "every delivery settles");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await AnalyticsJournal.CountAsync(folder), Is.EqualTo(accepted.Count), "every delivery journaled once");
            Assert.That((await PrometheusScrape.ReadAsync(standalone.Client)).Value("jaas_inmemory_waiting_retry"), Is.Zero);
            Assert.That(await RetriesCheckAsync(standalone.Client), Does.StartWith("Healthy: "));
        }
    }

    private static async Task<string> RetriesCheckAsync(HttpClient client)
    {
        var json = await (await client.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        var check = json.GetProperty("checks").GetProperty("in-memory-retries");
        return $"{check.GetProperty("status").GetString()}: {check.GetProperty("description").GetString()}";
    }
}
