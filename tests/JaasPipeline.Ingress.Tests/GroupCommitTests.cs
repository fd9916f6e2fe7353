using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using JaasPipeline.Data;
using JaasPipeline.Ingress.Outbox;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Tests;

/// <summary>The write path: a row the database refuses fails only itself, keys compare byte for byte, refused bodies are counted.</summary>
public sealed class GroupCommitTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        host = await IngressTestHost.StartAsync(IngressTestHost.DefaultSettings(folder));
        await using var connection = await host.Database.OpenAsync();
        // Stands for any value the database refuses (on SQL Server: one too long for its column).
        await connection.ExecuteAsync("""
            CREATE TRIGGER refuse_poison BEFORE INSERT ON outbox_deliveries WHEN NEW.session_id = 'poison'
            BEGIN SELECT RAISE(ABORT, 'poison row'); END
            """);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task BatchWithOneRowTheDatabaseRefuses_CommitsTheOthers()
    {
        var writer = host.Services.GetRequiredService<DeliveryWriter>();
        var batch = new[] { "good-c", "poison", "good-a", "good-b" }
            .Select(session => new GroupCommitEntry<IntakeWrite, DeliveryOutcome>(Delivery($"{session}-{Guid.NewGuid()}", session)))
            .ToList();

        await writer.CommitBatchAsync(batch);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(batch.Where(p => SessionOf(p) != "poison").Select(p => p.Outcome.Status), Is.All.EqualTo(TaskStatus.RanToCompletion));
            Assert.That(batch.Where(p => SessionOf(p) != "poison").Select(p => p.Outcome.Result), Is.All.EqualTo(DeliveryOutcome.Accepted));
            Assert.That(batch.Single(p => SessionOf(p) == "poison").Outcome.IsFaulted, Is.True);
        }

        var keys = batch.Select(p => ((IncomingDelivery)p.Item).IdempotencyKey).ToArray();
        var stored = await host.QueryAsync<string>("SELECT idempotency_key FROM outbox_deliveries WHERE idempotency_key IN @keys", new { keys });
        Assert.That(stored, Is.EquivalentTo(keys.Where(k => !k.StartsWith("poison", StringComparison.Ordinal))));
    }

    [Test]
    public async Task Batch_IsInsertedInKeyOrder()
    {
        var store = host.Services.GetRequiredService<OutboxStore>();
        var prefix = Guid.NewGuid().ToString("N");
        var batch = new[] { "c", "a", "B", "b" }.Select(k => Delivery($"{prefix}-{k}", "s")).ToList();

        var outcomes = await store.CommitAsync(batch, CancellationToken.None);

        Assert.That(outcomes, Is.All.EqualTo(DeliveryOutcome.Accepted));
        var inIdOrder = await host.QueryAsync<string>(
            "SELECT idempotency_key FROM outbox_deliveries WHERE idempotency_key LIKE @like ORDER BY id", new { like = prefix + "-%" });
        Assert.That(inIdOrder, Is.EqualTo(new[] { "B", "a", "b", "c" }.Select(k => $"{prefix}-{k}")));
    }

    [Test]
    public async Task KeysDifferingOnlyInCase_AreTwoDeliveries()
    {
        var key = "case-" + Guid.NewGuid();

        var lower = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key.ToLowerInvariant()));
        var upper = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key.ToUpperInvariant()));

        Assert.That(await Outcome(lower), Is.EqualTo("accepted"));
        Assert.That(await Outcome(upper), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task SameInvalidBodyRepeated_IsKeptOnceWithACount()
    {
        var body = $$"""{"idempotencyKey":"{{Guid.NewGuid()}}","eventType":"ROOM_CREATED"}""";
        var other = $$"""{"idempotencyKey":"{{Guid.NewGuid()}}","eventType":"ROOM_CREATED"}""";

        for (var i = 0; i < 3; i++)
        {
            Assert.That((await host.Client.PostSignedAsync(body)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        await host.Client.PostSignedAsync(other);

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(body));
        var kept = await host.QueryAsync<(long TimesReceived, long ReceivedAt, long LastReceivedAt)>(
            "SELECT times_received, received_at, last_received_at FROM rejected_deliveries WHERE body_sha256 = @hash", new { hash });
        Assert.That(kept, Has.Count.EqualTo(1));
        Assert.That(kept[0].TimesReceived, Is.EqualTo(3));
        Assert.That(kept[0].LastReceivedAt, Is.GreaterThanOrEqualTo(kept[0].ReceivedAt));
        var otherHash = SHA256.HashData(Encoding.UTF8.GetBytes(other));
        Assert.That(await host.QueryAsync<long>("SELECT times_received FROM rejected_deliveries WHERE body_sha256 = @otherHash", new { otherHash }),
            Is.EqualTo(new[] { 1L }));
    }

    [Test]
    public async Task UsageWithMoreEntriesThanMaxDataItems_Is400NamingData()
    {
        var entries = string.Join(",", Enumerable.Repeat("{}", 10_001));
        var response = await host.Client.PostSignedAsync(Deliveries.OfType("USAGE", Guid.NewGuid().ToString(), $"[{entries}]"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "data" }));
    }

    [Test]
    public async Task FieldLongerThanItsColumn_Is400NamingIt()
    {
        var body = Deliveries.ParticipantJoined(Guid.NewGuid().ToString(), sessionId: new string('s', 401));

        var response = await host.Client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "sessionId" }));
    }

    private static IncomingDelivery Delivery(string key, string session)
    {
        var body = Encoding.UTF8.GetBytes(Deliveries.ParticipantJoined(key, session));
        return new IncomingDelivery(key, "PARTICIPANT_JOINED", session, body, SHA256.HashData(body), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    // The writer queues accepted and rejected bodies alike; this batch holds accepted deliveries only.
    private static string SessionOf(GroupCommitEntry<IntakeWrite, DeliveryOutcome> entry) => ((IncomingDelivery)entry.Item).SessionId;

    private static async Task<string?> Outcome(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString();
}
