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
        var again = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(Guid.NewGuid().ToString()));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<string?> ReadinessAsync()
    {
        var response = await host.Client.GetAsync("/health/ready");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("status").GetString();
    }
}
