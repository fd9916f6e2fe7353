using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// The SQLite file locked by another connection (BEGIN EXCLUSIVE): valid and invalid deliveries are answered 503 within
/// Ingress:CommitTimeout, readiness reports it, and both recover once the lock goes.
/// </summary>
public sealed class DatabaseRefusesWritesTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;
    private string connectionString = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:CommitTimeout"] = "00:00:00.500";
        connectionString = settings["Ingress:Database:ConnectionString"]!;
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task WhileTheFileIsLocked_DeliveriesAre503AndNotReady_ThenBothRecover()
    {
        Assert.That(await ReadinessAsync(), Is.EqualTo("Healthy"));
        var before = await PrometheusScrape.ReadAsync(host.Client);

        HttpResponseMessage valid, invalid;
        string readinessWhileLocked;
        await using (var locker = new SqliteConnection(connectionString + ";Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            valid = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(Guid.NewGuid().ToString()));
            invalid = await host.Client.PostSignedAsync("""{"idempotencyKey":"locked-invalid"}""");
            readinessWhileLocked = await ReadinessAsync();

            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(readinessWhileLocked, Is.EqualTo("Unhealthy"));
            var after = await PrometheusScrape.ReadAsync(host.Client);
            Assert.That(after.Delta(before, "jaas_deliveries_refused_total", "reason=\"unavailable\""), Is.EqualTo(2));
        }

        await Eventually.WaitUntilAsync(async () => await ReadinessAsync() == "Healthy", TimeSpan.FromSeconds(60), "readiness recovers");
        // A fresh delivery each time: with this test's 0.5 s Ingress:CommitTimeout, one commit slowed by a busy machine
        // (the relay catching up on the same file) is a correct 503, not a failure to recover.
        await Eventually.WaitUntilAsync(
            async () => (await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(Guid.NewGuid().ToString()))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "deliveries are accepted again");
    }

    [Test]
    public async Task WhileTheFileIsImmutable_ReadinessStaysUnhealthy_UntilWritesReachTheDiskAgain()
    {
        // chattr +i: the file cannot be written by anyone, root included (what a full disk or a read-only remount
        // does to commits). A probe that is rolled back never reaches the disk and would call this ready.
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Assert.That(await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(Guid.NewGuid().ToString())), Has.Property("StatusCode").EqualTo(HttpStatusCode.OK));
        // The WAL too: a commit is written there first.
        if (!await Chattr.RunAsync("+i", file, file + "-wal"))
        {
            Assert.Ignore("chattr +i is not possible here (it needs root and a file system with the immutable flag).");
        }

        HttpResponseMessage refused;
        var readinessWhileImmutable = new List<string?>();
        try
        {
            refused = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(Guid.NewGuid().ToString()));
            // More than one check: the first must not clear the failure it reports.
            for (var check = 0; check < 3; check++)
            {
                readinessWhileImmutable.Add(await ReadinessAsync());
            }
        }
        finally
        {
            await Chattr.RunAsync("-i", file, file + "-wal");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "a delivery while the file is immutable");
            Assert.That(readinessWhileImmutable, Is.All.EqualTo("Unhealthy"));
        }

        await Eventually.WaitUntilAsync(async () => await ReadinessAsync() == "Healthy", TimeSpan.FromSeconds(60), "readiness recovers");
        // A fresh delivery each time: with this test's 0.5 s Ingress:CommitTimeout, one commit slowed by a busy machine
        // (the relay catching up on the same file) is a correct 503, not a failure to recover.
        await Eventually.WaitUntilAsync(
            async () => (await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(Guid.NewGuid().ToString()))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "deliveries are accepted again");
    }

    private async Task<string?> ReadinessAsync()
    {
        var response = await host.Client.GetAsync("/health/ready");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("status").GetString();
    }
}
