using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using JaasPipeline.Data;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// The embedded default (in-memory bus) while a consumer's database refuses writes (a full disk, a read-only file):
/// the messages it failed wait for a retry — the gauge <c>jaas_inmemory_waiting_retry</c> and the readiness check
/// <c>in-memory-retries</c> (Degraded) say so — and once writes succeed again every delivery arrives exactly once,
/// without a restart. Real SQLite files, real Kestrel, the real in-memory relay.
/// </summary>
public sealed class InMemoryRetryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    public async Task DatabaseRefusesEvenTheFaultRecord_MessagesWaitForARetry_ThenArriveOnceWithoutARestart()
    {
        using var folder = new TempFolder();
        await using var host = await StartLedgerHostAsync(folder);
        var ledger = host.Services.GetRequiredKeyedService<Database>(LedgerConsumer.Queue);
        // What a full disk does to every write of the consumer's database, the faulted_messages record included (which
        // is why they stayed unsettled until a restart), switched by one flag row. A trigger is deterministic where a
        // full disk is not.
        await ExecuteAsync(ledger, """
            CREATE TABLE refuse_writes (since INTEGER NOT NULL);
            CREATE TRIGGER refuse_inbox BEFORE INSERT ON inbox_messages WHEN EXISTS (SELECT 1 FROM refuse_writes)
                BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
            CREATE TRIGGER refuse_ledger BEFORE INSERT ON ledger WHEN EXISTS (SELECT 1 FROM refuse_writes)
                BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
            CREATE TRIGGER refuse_faulted BEFORE INSERT ON faulted_messages WHEN EXISTS (SELECT 1 FROM refuse_writes)
                BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END;
            INSERT INTO refuse_writes (since) VALUES (1);
            """);
        var keys = Enumerable.Range(0, 40).Select(i => $"refused-{i}-{Guid.NewGuid()}").ToList();

        await PostAllAsync(host, keys);
        await Eventually.WaitUntilAsync(
            async () => (await ScrapeAsync(host)).Value("jaas_inmemory_waiting_retry") == keys.Count, Deadline, "every delivery waits for a retry");
        var readinessWhileRefused = await ReadinessAsync(host);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(readinessWhileRefused.Status, Is.EqualTo("Degraded"), "the intake still works: Degraded, not Unhealthy");
            Assert.That(readinessWhileRefused.Retries.Status, Is.EqualTo("Degraded"));
            Assert.That(readinessWhileRefused.Retries.Description, Does.Contain($"{keys.Count} message(s) of queue {LedgerConsumer.Queue} wait for a retry, next at "));
            Assert.That(readinessWhileRefused.Retries.Description, Does.Contain("database or disk is full (test)"));
            Assert.That((await ScrapeAsync(host)).Value("jaas_inmemory_unsettled"), Is.EqualTo(keys.Count));
            Assert.That(await CountAsync(ledger, "ledger"), Is.Zero);
        }

        await ExecuteAsync(ledger, "DELETE FROM refuse_writes");

        await AssertEveryDeliveryArrivesOnceAsync(host, ledger, keys);
    }

    [Test]
    public async Task ConsumerDatabaseFileIsImmutable_MessagesWaitForARetry_ThenArriveOnceWithoutARestart()
    {
        using var folder = new TempFolder();
        await using var host = await StartLedgerHostAsync(folder);
        var ledger = host.Services.GetRequiredKeyedService<Database>(LedgerConsumer.Queue);
        var first = $"before-{Guid.NewGuid()}";
        await PostAllAsync(host, [first]);
        await Eventually.WaitUntilAsync(async () => await CountAsync(ledger, "ledger") == 1, Deadline, "the first delivery arrives");

        // chattr +i: nobody can write the file or its WAL, root included; SQLite answers a real read-only or I/O error,
        // as on a full disk. The ingress's own database is another file: deliveries are still accepted.
        var file = new SqliteConnectionStringBuilder(ledger.ConnectionString).DataSource;
        if (!await Chattr.RunAsync("+i", file, file + "-wal"))
        {
            Assert.Ignore("chattr +i is not possible here (it needs root and a file system with the immutable flag).");
        }

        var keys = Enumerable.Range(0, 20).Select(i => $"immutable-{i}-{Guid.NewGuid()}").ToList();
        ReadinessAnswer readinessWhileImmutable;
        try
        {
            await PostAllAsync(host, keys);
            await Eventually.WaitUntilAsync(
                async () => (await ScrapeAsync(host)).Value("jaas_inmemory_waiting_retry") > 0, Deadline, "the deliveries wait for a retry");
            readinessWhileImmutable = await ReadinessAsync(host);
        }
        finally
        {
            await Chattr.RunAsync("-i", file, file + "-wal");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(readinessWhileImmutable.Retries.Status, Is.EqualTo("Degraded"));
            Assert.That(readinessWhileImmutable.Retries.Description, Does.Contain("wait for a retry, next at "));
        }

        await AssertEveryDeliveryArrivesOnceAsync(host, ledger, [first, .. keys]);
    }

    [Test]
    public async Task ConsumerWriteFailsWithDiskFull_MessageWaitsForARetryInsteadOfAnOperator_ThenArrivesOnce()
    {
        using var folder = new TempFolder();
        var disk = new DiskFullSwitch { Full = true };
        var settings = RetrySettings(folder);
        settings["DiskFull:Database:Provider"] = "Sqlite";
        settings["DiskFull:Database:ConnectionString"] = folder.SqliteConnectionString("disk-full");
        await using var host = await IngressTestHost.StartAsync(
            settings,
            bus => bus.AddConsumer<DiskFullConsumer, DiskFullConsumerDefinition>(),
            builder =>
            {
                builder.Services.AddConsumerDatabase(DiskFullConsumer.Queue, builder.Configuration.GetSection("DiskFull:Database"), typeof(DiskFullConsumer).Assembly);
                builder.Services.AddSingleton(disk);
            });
        var database = host.Services.GetRequiredKeyedService<Database>(DiskFullConsumer.Queue);
        var keys = Enumerable.Range(0, 5).Select(i => $"disk-full-{i}-{Guid.NewGuid()}").ToList();

        await PostAllAsync(host, keys);
        // Its database could keep the fault for an operator, but a full disk is not the message's fault.
        await Eventually.WaitUntilAsync(
            async () => (await ScrapeAsync(host)).Value("jaas_inmemory_waiting_retry") == keys.Count, Deadline, "every delivery waits for a retry");
        Assert.That(await CountAsync(database, "faulted_messages"), Is.Zero, "set aside for an operator");

        disk.Full = false;

        await AssertEveryDeliveryArrivesOnceAsync(host, database, keys);
    }

    [Test]
    public void RepeatedRefusals_ThePauseDoublesUpToItsCap()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Microsoft.Extensions.Options.Options.Create(new MessagingOptions
        {
            InMemoryRetryFirstDelay = TimeSpan.FromSeconds(1),
            InMemoryRetryMaxDelay = TimeSpan.FromMinutes(1),
        });
        using var retries = new InMemoryRetries(
            services, options, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<InMemoryRetries>.Instance);
        var messageId = Guid.NewGuid();

        var pauses = Enumerable.Range(0, 9).Select(_ => retries.Schedule(messageId, "attendance", 1, "full").Delay.TotalSeconds).ToList();

        Assert.That(pauses, Is.EqualTo(new[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
        Assert.That(retries.Waiting, Is.EqualTo(1), "one message waits, however often it was refused");
        retries.Finished(messageId, "attendance");
        Assert.That(retries.Waiting, Is.Zero);
        Assert.That(retries.Schedule(messageId, "attendance", 1, "full").Delay, Is.EqualTo(TimeSpan.FromSeconds(1)), "a message that got through starts again at the first pause");
    }

    // Once: a ledger row per key (its primary key refuses a second), an inbox row per message, nothing set aside for an
    // operator, nothing left waiting or unsettled, and readiness healthy again.
    private static async Task AssertEveryDeliveryArrivesOnceAsync(IngressTestHost host, Database ledger, IReadOnlyList<string> keys)
    {
        await Eventually.WaitUntilAsync(async () => await CountAsync(ledger, "ledger") == keys.Count, Deadline, "every delivery reaches the ledger");
        await Eventually.WaitUntilAsync(
            async () => (await ScrapeAsync(host)).Value("jaas_inmemory_unsettled") == 0, Deadline, "every delivery settles");
        var lastId = (await host.QueryAsync<long>("SELECT MAX(id) FROM outbox_deliveries"))[0];
        await Eventually.WaitUntilAsync(
            async () => (await host.QueryAsync<long?>("SELECT outbox_id FROM relay_checkpoints WHERE name = 'in-memory-settled'")).FirstOrDefault() >= lastId,
            Deadline, "the settled watermark passes the last delivery");

        await using var connection = await ledger.OpenAsync();
        var arrived = (await connection.QueryAsync<string>("SELECT idempotency_key FROM ledger")).ToList();
        var scrape = await ScrapeAsync(host);
        var readiness = await ReadinessAsync(host);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(arrived, Is.EquivalentTo(keys));
            Assert.That(await CountAsync(ledger, "inbox_messages"), Is.EqualTo(keys.Count));
            Assert.That(await CountAsync(ledger, "faulted_messages"), Is.Zero, "set aside for an operator");
            Assert.That(scrape.Value("jaas_inmemory_waiting_retry"), Is.Zero);
            Assert.That(readiness.Retries.Status, Is.EqualTo("Healthy"));
            Assert.That(readiness.Status, Is.EqualTo("Healthy"));
        }
    }

    private static Task<IngressTestHost> StartLedgerHostAsync(TempFolder folder) => IngressTestHost.StartAsync(
        RetrySettings(folder), bus => bus.AddConsumer<LedgerConsumer, LedgerConsumerDefinition>(), builder => LedgerService.AddTo(builder, folder, new ReceiptLog()));

    private static Dictionary<string, string?> RetrySettings(TempFolder folder)
    {
        var settings = IngressTestHost.DefaultSettings(folder);
        // Faults come at once (no pauses between in-process retries). The pause before a retry is long enough for every
        // message to be seen waiting (a copy on its way is not waiting), short enough for the test.
        settings["Messaging:RetryIntervals:0"] = "00:00:00";
        settings["Messaging:InMemoryRetryFirstDelay"] = "00:00:03";
        settings["Messaging:InMemoryRetryMaxDelay"] = "00:00:03";
        return settings;
    }

    private static async Task PostAllAsync(IngressTestHost host, IReadOnlyList<string> keys)
    {
        foreach (var chunk in keys.Chunk(20))
        {
            var responses = await Task.WhenAll(chunk.Select(key => host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key))));
            Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        }
    }

    private static Task<PrometheusScrape> ScrapeAsync(IngressTestHost host) => PrometheusScrape.ReadAsync(host.Client);

    private static async Task<ReadinessAnswer> ReadinessAsync(IngressTestHost host)
    {
        var json = await (await host.Client.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        var retries = json.GetProperty("checks").GetProperty(InMemoryRetries.HealthCheckName);
        return new ReadinessAnswer(
            json.GetProperty("status").GetString(),
            new ReadinessEntry(retries.GetProperty("status").GetString(), retries.GetProperty("description").GetString()));
    }

    private static async Task ExecuteAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenAsync();
        // Table names come from the tests themselves, never from input.
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private sealed record ReadinessAnswer(string? Status, ReadinessEntry Retries);

    private sealed record ReadinessEntry(string? Status, string? Description);
}
