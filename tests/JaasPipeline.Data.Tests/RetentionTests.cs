using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using JaasPipeline.Ingress;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Messaging;
using JaasPipeline.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// Retention on SQLite files, wired as the modules wire it: what is due goes, slice by slice, until nothing due is
/// left; what is not due stays; bad settings stop start-up.
/// </summary>
public sealed class RetentionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private TempFolder folder = null!;

    [OneTimeSetUp]
    public void CreateFolder() => folder = new TempFolder("jaas-retention");

    [OneTimeTearDown]
    public void DeleteFolder() => folder.Dispose();

    [Test]
    public async Task IngressTables_LoseExactlyTheRowsPastTheirRetention()
    {
        using var ingress = await IngressAsync();
        await InsertOutboxAsync(ingress.Database, "published-8d", receivedAt: Days(9), publishedAt: Days(8));
        await InsertOutboxAsync(ingress.Database, "published-6d", receivedAt: Days(9), publishedAt: Days(6));
        await InsertOutboxAsync(ingress.Database, "never-published", receivedAt: Days(40), publishedAt: null);
        await InsertConflictAsync(ingress.Database, "conflict-31d", Days(31));
        await InsertConflictAsync(ingress.Database, "conflict-29d", Days(29));
        await InsertRejectedAsync(ingress.Database, "rejected-31d", Days(31));
        await InsertRejectedAsync(ingress.Database, "rejected-29d", Days(29));
        // First refused 40 days ago, but JaaS still sends it: kept while it keeps coming.
        await InsertRejectedAsync(ingress.Database, "rejected-40d-repeated-1d", Days(40), lastReceivedAt: Days(1));

        var results = await ingress.Retention.DeleteDueRowsAsync(CancellationToken.None);

        await using var connection = await ingress.Database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => (r.Table, r.Deleted)), Is.EquivalentTo(new[]
            {
                ("outbox_deliveries", 1L), ("delivery_conflicts", 1L), ("rejected_deliveries", 1L),
            }));
            Assert.That(await connection.QueryAsync<string>("SELECT idempotency_key FROM outbox_deliveries"),
                Is.EquivalentTo(new[] { "published-6d", "never-published" }));
            Assert.That(await connection.QueryAsync<string>("SELECT idempotency_key FROM delivery_conflicts"), Is.EqualTo(new[] { "conflict-29d" }));
            Assert.That(await connection.QueryAsync<string>("SELECT detail FROM rejected_deliveries"),
                Is.EquivalentTo(new[] { "rejected-29d", "rejected-40d-repeated-1d" }));
        }
    }

    [Test]
    public async Task MoreDueRowsThanASlice_AreDeletedSliceBySliceUntilNoneIsDue()
    {
        using var ingress = await IngressAsync(("Retention:SliceSize", "2"));
        for (var i = 0; i < 5; i++)
        {
            await InsertConflictAsync(ingress.Database, $"due-{i}", Days(31));
        }

        await InsertConflictAsync(ingress.Database, "young", Days(1));

        var results = await ingress.Retention.DeleteDueRowsAsync(CancellationToken.None);

        var conflicts = results.Single(r => r.Table == "delivery_conflicts");
        await using var connection = await ingress.Database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            // 2 + 2 + 1: three statements, none deleting more than a slice, and the pass went on until nothing was due.
            Assert.That(conflicts, Is.EqualTo(new RetentionResult("delivery_conflicts", 5, 3)));
            Assert.That(await connection.QueryAsync<string>("SELECT idempotency_key FROM delivery_conflicts"), Is.EqualTo(new[] { "young" }));
        }
    }

    [Test]
    public async Task DeletedRows_AreCountedPerDatabaseAndTable()
    {
        using var ingress = await IngressAsync(("Retention:SliceSize", "2"));
        for (var i = 0; i < 3; i++)
        {
            await InsertRejectedAsync(ingress.Database, $"due-{i}", Days(31));
        }

        var counted = new List<(long Rows, string? Database, string? Table)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RetentionMetrics.MeterName && instrument.Name == "jaas_retention_deleted_rows")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, rows, tags, _) =>
        {
            var byName = tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value?.ToString());
            counted.Add((rows, byName.GetValueOrDefault("database"), byName.GetValueOrDefault("table")));
        });
        listener.Start();

        await ingress.Retention.DeleteDueRowsAsync(CancellationToken.None);

        Assert.That(counted, Is.EqualTo(new[] { (2L, "ingress", "rejected_deliveries"), (1L, "ingress", "rejected_deliveries") }));
    }

    [Test]
    public async Task AMillionDuePublishedRows_AreAllDeletedInOnePass()
    {
        const int rows = 1_000_000;
        using var ingress = await IngressAsync();
        await using (var connection = await ingress.Database.OpenAsync())
        {
            // 100-byte bodies keep the file near 200 MB; the delete touches the same index entries whatever the body size.
            await connection.ExecuteAsync("""
                INSERT INTO outbox_deliveries (idempotency_key, event_type, session_id, received_at, body, body_sha256, published_at)
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Rows)
                SELECT 'key-' || i, 'PARTICIPANT_JOINED', 'session', @At, zeroblob(100), zeroblob(32), @At FROM n
                """, new { Rows = rows, At = Days(8) }, commandTimeout: 600);
            await InsertOutboxAsync(ingress.Database, "young", receivedAt: Days(1), publishedAt: Days(1));
        }

        var stopwatch = Stopwatch.StartNew();
        var results = await ingress.Retention.DeleteDueRowsAsync(CancellationToken.None);
        stopwatch.Stop();

        var outbox = results.Single(r => r.Table == "outbox_deliveries");
        TestContext.Out.WriteLine($"Deleted {outbox.Deleted} rows in {outbox.Statements} statements in {stopwatch.Elapsed}.");
        await using var check = await ingress.Database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outbox.Deleted, Is.EqualTo(rows));
            Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_deliveries WHERE published_at < @Cutoff", new { Cutoff = Days(7) }), Is.Zero);
            Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_deliveries"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ConsumerDatabase_LosesInboxRowsOlderThanTheInboxRetention()
    {
        using var consumer = await ServiceAsync("consumer", (services, configuration) =>
            services.AddConsumerDatabase("consumer", configuration.GetSection("consumer:Database")), []);
        await using (var connection = await consumer.Database.OpenAsync())
        {
            foreach (var (id, age) in new[] { ("old", Days(15)), ("young", Days(13)) })
            {
                await connection.ExecuteAsync(
                    "INSERT INTO inbox_messages (consumer, message_id, message_type, received_at) VALUES ('probe', @Id, 'Probe', @At)",
                    new { Id = id, At = age });
            }
        }

        var results = await consumer.Retention.DeleteDueRowsAsync(CancellationToken.None);

        await using var check = await consumer.Database.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results, Is.EqualTo(new[] { new RetentionResult("inbox_messages", 1, 1) }));
            Assert.That(await check.QueryAsync<string>("SELECT message_id FROM inbox_messages"), Is.EqualTo(new[] { "young" }));
        }
    }

    [Test]
    public async Task RunningHost_DeletesDueRowsInTheBackground()
    {
        var name = $"hosted-{Guid.NewGuid():N}";
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings(name));
        builder.Services.AddServiceDatabase(name, builder.Configuration.GetSection($"{name}:Database"), typeof(OutboxStore).Assembly);
        builder.Services.AddIngressRetention(name);
        using var host = builder.Build();
        var database = host.Services.GetRequiredKeyedService<Database>(name);
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(database, typeof(OutboxStore).Assembly);
        await InsertRejectedAsync(database, "rejected-31d", Days(31));

        await host.StartAsync();
        try
        {
            await Eventually.WaitUntilAsync(
                async () => await CountAsync(database, "rejected_deliveries") == 0, TimeSpan.FromSeconds(30), "the due rejected delivery is deleted");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [TestCase("Retention:SliceSize", "2001", "Retention:SliceSize must be between 1 and 2000")]
    [TestCase("Retention:Interval", "00:00:00", "Retention:Interval must be positive")]
    [TestCase("Ingress:RejectedRetention", "-1.00:00:00", "Ingress:RejectedRetention must not be negative")]
    [TestCase("Messaging:InboxRetention", "6.00:00:00", "Messaging:InboxRetention (6.00:00:00) must be at least Ingress:PublishedRetention (7.00:00:00)")]
    public void BadSetting_StopsStartUpWithOneLineNamingIt(string key, string value, string expected)
    {
        var name = $"bad-{Guid.NewGuid():N}";
        var builder = Host.CreateApplicationBuilder();
        // Later sources win: the bad value replaces the fixture's setting of the same key.
        builder.Configuration.AddInMemoryCollection(Settings(name).Append(new("Ingress:AllowUnsigned", "true")));
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        builder.Services.AddServiceDatabase(name, builder.Configuration.GetSection($"{name}:Database"), typeof(OutboxStore).Assembly);
        builder.Services.AddIngressRetention(name);
        builder.Services.AddConsumerDatabase($"{name}-consumer", builder.Configuration.GetSection($"{name}:Database"));
        using var host = builder.Build();

        var exception = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(exception!.Failures, Has.One.StartsWith(expected));
    }

    [Test]
    public void InboxRetentionShorterThanTheOutboxInAConsumerOnlyHost_IsAcceptedAsUnknown()
    {
        // No Ingress section: the outbox's retention is another host's setting (docs/operations.md, "Retention", says to keep them in step).
        var validator = new InboxRetentionOptionsValidator(new ConfigurationBuilder().Build());

        var result = validator.Validate(null, new InboxRetentionOptions { InboxRetention = TimeSpan.FromDays(1) });

        Assert.That(result.Succeeded, Is.True);
    }

    private static long Days(int days) => Now.AddDays(-days).ToUnixTimeMilliseconds();

    private IEnumerable<KeyValuePair<string, string?>> Settings(string name) =>
    [
        new($"{name}:Database:Provider", "Sqlite"),
        new($"{name}:Database:ConnectionString", folder.SqliteConnectionString(name)),
        new("Retention:Interval", "00:00:00.100"),
    ];

    private Task<TestService> IngressAsync(params (string Key, string Value)[] settings) =>
        ServiceAsync("ingress", (services, configuration) =>
        {
            services.AddServiceDatabase("ingress", configuration.GetSection("ingress:Database"), typeof(OutboxStore).Assembly);
            services.AddIngressRetention("ingress");
        }, settings);

    /// <summary>A container with one migrated database registered as <paramref name="name"/> (a fresh file) and its retention.</summary>
    private async Task<TestService> ServiceAsync(string name, Action<IServiceCollection, IConfiguration> register, (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{name}:Database:Provider"] = "Sqlite",
                [$"{name}:Database:ConnectionString"] = folder.SqliteConnectionString($"{name}-{Guid.NewGuid():N}"),
            })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        register(services, configuration);
        var provider = services.BuildServiceProvider();
        foreach (var migration in provider.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
        {
            await migration.StartingAsync(CancellationToken.None);
        }

        return new TestService(provider, provider.GetRequiredKeyedService<Database>(name), provider.GetServices<IHostedService>().OfType<DatabaseRetention>().Single());
    }

    private static async Task InsertOutboxAsync(Database database, string key, long receivedAt, long? publishedAt)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO outbox_deliveries (idempotency_key, event_type, session_id, received_at, body, body_sha256, published_at)
            VALUES (@Key, 'PARTICIPANT_JOINED', 'session', @ReceivedAt, zeroblob(10), zeroblob(32), @PublishedAt)
            """, new { Key = key, ReceivedAt = receivedAt, PublishedAt = publishedAt });
    }

    private static async Task InsertConflictAsync(Database database, string key, long receivedAt)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO delivery_conflicts (idempotency_key, received_at, body, body_sha256) VALUES (@Key, @ReceivedAt, zeroblob(10), zeroblob(32))",
            new { Key = key, ReceivedAt = receivedAt });
    }

    private static async Task InsertRejectedAsync(Database database, string detail, long receivedAt, long? lastReceivedAt = null)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO rejected_deliveries (received_at, last_received_at, reason, detail, body) VALUES (@ReceivedAt, @LastReceivedAt, 'invalid-json', @Detail, zeroblob(10))",
            new { ReceivedAt = receivedAt, LastReceivedAt = lastReceivedAt ?? receivedAt, Detail = detail });
    }

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private sealed record TestService(ServiceProvider Provider, Database Database, DatabaseRetention Retention) : IDisposable
    {
        public void Dispose() => Provider.Dispose();
    }
}
