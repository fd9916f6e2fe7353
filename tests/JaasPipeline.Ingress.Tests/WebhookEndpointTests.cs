using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary>POST /webhooks/jaas over real HTTP: what is accepted, refused, stored and counted.</summary>
public sealed class WebhookEndpointTests
{
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngress()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:MaxBodyBytes"] = "4096";
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task SignedDelivery_IsAcceptedAndCommittedByteForByte()
    {
        var key = NewKey();
        var body = Deliveries.ParticipantJoined(key);

        var response = await host.Client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Outcome(response), Is.EqualTo("accepted"));
        var stored = await host.QueryAsync<byte[]>("SELECT body FROM outbox_deliveries WHERE idempotency_key = @key", new { key });
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0], Is.EqualTo(Encoding.UTF8.GetBytes(body)));
    }

    [Test]
    public async Task DuplicateDelivery_IsAnsweredOkAndStoredOnce()
    {
        var key = NewKey();
        var body = Deliveries.ParticipantJoined(key);

        var first = await host.Client.PostSignedAsync(body);
        var second = await host.Client.PostSignedAsync(body);

        Assert.That(await Outcome(first), Is.EqualTo("accepted"));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Outcome(second), Is.EqualTo("duplicate"));
        Assert.That(await CountWhereKey("outbox_deliveries", key), Is.EqualTo(1));
        Assert.That(await CountWhereKey("delivery_conflicts", key), Is.Zero);
    }

    [Test]
    public async Task RepeatWithDifferentBody_IsKeptAsConflict()
    {
        var key = NewKey();
        var original = Deliveries.ParticipantJoined(key, sessionId: "session-a");
        var different = Deliveries.ParticipantJoined(key, sessionId: "session-b");

        await host.Client.PostSignedAsync(original);
        var response = await host.Client.PostSignedAsync(different);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Outcome(response), Is.EqualTo("conflict"));
        var conflicts = await host.QueryAsync<byte[]>("SELECT body FROM delivery_conflicts WHERE idempotency_key = @key", new { key });
        Assert.That(conflicts.Select(Encoding.UTF8.GetString), Is.EqualTo(new[] { different }));
        var kept = await host.QueryAsync<byte[]>("SELECT body FROM outbox_deliveries WHERE idempotency_key = @key", new { key });
        Assert.That(Encoding.UTF8.GetString(kept.Single()), Is.EqualTo(original));
    }

    [Test]
    public async Task NonGuidIdempotencyKeyAndUnknownEventType_AreAccepted()
    {
        var key = "c2b42ad3d-12a6-5908-cf38-f21ae2451fc0-" + NewKey();

        var response = await host.Client.PostSignedAsync(Deliveries.OfType("MEETING_TELEPORTED", key, """{"to":"mars"}"""));

        Assert.That(await Outcome(response), Is.EqualTo("accepted"));
        Assert.That(await CountWhereKey("outbox_deliveries", key), Is.EqualTo(1));
    }

    [Test]
    public async Task TamperedBody_Is401ProblemAndNotStored()
    {
        var key = NewKey();
        var body = Encoding.UTF8.GetBytes(Deliveries.ParticipantJoined(key));
        var signature = JaasSignature.Sign(Deliveries.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body);
        body[^3] = (byte)'X';
        var rejectedBefore = await host.CountAsync("rejected_deliveries");

        var response = await host.Client.PostRawAsync(body, signature);

        await AssertProblem(response, HttpStatusCode.Unauthorized, "No v1 signature matches");
        Assert.That(await CountWhereKey("outbox_deliveries", key), Is.Zero);
        Assert.That(await host.CountAsync("rejected_deliveries"), Is.EqualTo(rejectedBefore), "an unauthenticated body is not kept");
    }

    [Test]
    public async Task ExpiredSignature_Is401()
    {
        var response = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(NewKey()), signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        await AssertProblem(response, HttpStatusCode.Unauthorized, "more than 00:05:00 from now");
    }

    [Test]
    public async Task UnknownSecret_Is401()
    {
        var response = await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(NewKey()), secret: "whsec_somebody_else");

        await AssertProblem(response, HttpStatusCode.Unauthorized, "No v1 signature matches");
    }

    [Test]
    public async Task MissingSignature_Is401()
    {
        var response = await host.Client.PostRawAsync(Encoding.UTF8.GetBytes(Deliveries.ParticipantJoined(NewKey())), signature: null);

        await AssertProblem(response, HttpStatusCode.Unauthorized, "X-Jaas-Signature header is missing");
    }

    [Test]
    public async Task BodyOverLimit_Is413()
    {
        var huge = Deliveries.OfType("CHAT_UPLOADED", NewKey(), $$"""{"preAuthenticatedLink":"{{new string('a', 5000)}}"}""");

        var response = await host.Client.PostSignedAsync(huge);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "Ingress:MaxBodyBytes");
    }

    [Test]
    public async Task NotJson_Is400AndItsBodyIsKept()
    {
        var body = "this is not json " + NewKey();

        var response = await host.Client.PostSignedAsync(body);

        await AssertProblem(response, HttpStatusCode.BadRequest, null);
        var kept = await host.QueryAsync<(string Reason, byte[] Body)>("SELECT reason, body FROM rejected_deliveries");
        Assert.That(kept.Where(r => Encoding.UTF8.GetString(r.Body) == body).Select(r => r.Reason), Is.EqualTo(new[] { "invalid" }));
    }

    [Test]
    public async Task MissingAndMistypedFields_Are400NamingEachField()
    {
        var body = $$"""{"idempotencyKey":"{{NewKey()}}","eventType":"ROOM_CREATED","timestamp":"yesterday","fqn":42}""";

        var response = await host.Client.PostSignedAsync(body);

        await AssertProblem(response, HttpStatusCode.BadRequest, null);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(fields, Is.EquivalentTo(new[] { "sessionId", "timestamp", "fqn" }));
        var kept = await host.QueryAsync<string>("SELECT detail FROM rejected_deliveries WHERE CAST(body AS TEXT) = @body", new { body });
        Assert.That(kept.Single(), Does.Contain("sessionId").And.Contain("timestamp").And.Contain("fqn"));
    }

    [Test]
    public async Task JsonArrayBody_Is400()
    {
        var response = await host.Client.PostSignedAsync("[1,2,3]");

        await AssertProblem(response, HttpStatusCode.BadRequest, null);
    }

    [Test]
    public async Task Metrics_CountAcceptedDuplicatesConflictsRefusalsAndSignatureFailures()
    {
        var before = await PrometheusScrape.ReadAsync(host.Client);
        var key = NewKey();
        await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key));
        await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key));
        await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(key, sessionId: "other"));
        await host.Client.PostSignedAsync("{}");
        await host.Client.PostSignedAsync(Deliveries.ParticipantJoined(NewKey()), secret: "whsec_wrong");

        var after = await PrometheusScrape.ReadAsync(host.Client);

        Assert.Multiple(() =>
        {
            Assert.That(after.Delta(before, "jaas_deliveries_accepted_total"), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_deliveries_duplicate_total"), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_deliveries_conflict_total"), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_deliveries_refused_total", "reason=\"invalid\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_deliveries_refused_total", "reason=\"unauthenticated\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_signature_failures_total", "reason=\"mismatch\""), Is.EqualTo(1));
            Assert.That(after.Has("jaas_outbox_backlog"), Is.True);
            Assert.That(after.Has("jaas_outbox_oldest_pending_age_seconds"), Is.True);
        });
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(host.Client)).Delta(before, "jaas_outbox_published_total") >= 1,
            TimeSpan.FromSeconds(20), "the relay has published the accepted delivery");
    }

    [Test]
    public async Task HealthEndpoints_AnswerOk()
    {
        var live = await host.Client.GetAsync("/health/live");
        var ready = await host.Client.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(ready.GetProperty("checks").EnumerateObject().Select(c => c.Name), Is.SupersetOf(new[] { "database-ingress", "masstransit-bus" }));
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private async Task<long> CountWhereKey(string table, string key) =>
        (await host.QueryAsync<long>($"SELECT COUNT(*) FROM {table} WHERE idempotency_key = @key", new { key })).Single();

    private static async Task<string?> Outcome(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString();

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? detailContains)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        if (detailContains is not null)
        {
            Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain(detailContains));
        }
    }
}
