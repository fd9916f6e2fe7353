using System.Net;
using System.Text.Json.Nodes;
using JaasPipeline.Ingress.DeliveryLog;
using JaasPipeline.Testing;

namespace JaasPipeline.Ingress.Tests;

/// <summary><c>GET /api/deliveries</c> on a real ingress: every outcome, filters, bodies, paging, refusals of bad queries, on SQLite and on SQL Server (where Docker answers).</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class DeliveryLogTests(TestDatabaseBackend backend)
{
    private const string Key = "delivery-log-key-0123456789";
    private TempFolder folder = null!;
    private TestDatabase? database;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartAndDeliverAsync()
    {
        database = await backend.CreateAsync("ingress");
        folder = new TempFolder("delivery-log");
        var settings = IngressTestHost.DefaultSettings(folder);
        foreach (var (key, value) in database.Settings("Ingress:Database"))
        {
            settings[key] = value;
        }

        settings["Api:Keys:0"] = Key;
        host = await IngressTestHost.StartAsync(settings);
        host.Client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        // In arrival order: accepted, its repeat, a repeat with another body, and a refused body sent twice.
        await ExpectAsync(Deliveries.ParticipantJoined("log-key-1", "log-session-a"), HttpStatusCode.OK);
        await ExpectAsync(Deliveries.ParticipantJoined("log-key-1", "log-session-a"), HttpStatusCode.OK);
        await ExpectAsync(Deliveries.ParticipantJoined("log-key-1", "log-session-other-body"), HttpStatusCode.OK);
        await ExpectAsync(Deliveries.ParticipantJoined("log-key-2", "log-session-b"), HttpStatusCode.OK);
        const string refused = """{"idempotencyKey":"log-key-3","eventType":"PARTICIPANT_JOINED","sessionId":"log-session-a","timestamp":"not a time"}""";
        await ExpectAsync(refused, HttpStatusCode.BadRequest);
        await ExpectAsync(refused, HttpStatusCode.BadRequest);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        folder?.Dispose();
    }

    [Test]
    public async Task EveryOutcome_IsListedOnceNewestFirstWithItsCount()
    {
        var deliveries = await ReadAsync("");

        var outcomes = deliveries.Select(d => ((string)d["outcome"]!, (string?)d["idempotencyKey"], (long)d["timesReceived"]!)).ToList();
        Assert.That(outcomes, Is.EquivalentTo(new[]
        {
            ("accepted", "log-key-1", 1L), ("duplicate", "log-key-1", 1L), ("conflict", "log-key-1", 1L),
            ("accepted", "log-key-2", 1L), ("rejected", "log-key-3", 2L),
        }));
        var times = deliveries.Select(d => (string)d["receivedAt"]!).ToList();
        Assert.That(times, Is.All.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"), "RFC 3339 in UTC with milliseconds (docs/api.md §3)");
        Assert.That(times.Select(DateTimeOffset.Parse), Is.Ordered.Descending);
    }

    [Test]
    public async Task Rejected_ShowsTheReasonAndWhatCouldBeReadOfItsEnvelope()
    {
        var rejected = (await ReadAsync("?outcome=rejected")).Single();

        Assert.That((string?)rejected["reason"], Is.EqualTo("invalid"));
        Assert.That(rejected["detail"], Is.InstanceOf<JsonObject>(), "the detail is an object, not JSON inside a string");
        Assert.That(rejected["detail"]!.AsObject().Select(field => field.Key), Does.Contain("timestamp"));
        Assert.That(rejected["detail"]!["timestamp"], Is.InstanceOf<JsonArray>());
        Assert.That((string?)rejected["sessionId"], Is.EqualTo("log-session-a"));
        Assert.That((string?)rejected["eventType"], Is.EqualTo("PARTICIPANT_JOINED"));
    }

    [Test]
    public async Task SessionFilter_FindsEveryOutcomeOfThatMeeting()
    {
        var deliveries = await ReadAsync("?sessionId=log-session-a");

        Assert.That(deliveries.Select(d => (string)d["outcome"]!), Is.EquivalentTo(new[] { "accepted", "duplicate", "conflict", "rejected" }),
            "the conflict is listed under the meeting of the delivery it repeats");
    }

    [Test]
    public async Task BodyOnRequest_IsTheBodyAsReceived()
    {
        var without = (await ReadAsync("?outcome=accepted&sessionId=log-session-b")).Single();
        var with = (await ReadAsync("?outcome=accepted&sessionId=log-session-b&body=true")).Single();

        Assert.That(without["body"], Is.Null);
        Assert.That((string?)with["body"], Is.EqualTo(Deliveries.ParticipantJoined("log-key-2", "log-session-b")));
    }

    [Test]
    public async Task Paging_WalksEveryEntryOnceAndEnds()
    {
        var all = (await ReadAsync("")).Select(d => d.ToJsonString()).ToList();
        var paged = new List<string>();
        string? next = null;
        for (var page = 0; page < 20; page++)
        {
            var json = await ReadPageAsync("?limit=2" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next)));
            paged.AddRange(json["items"]!.AsArray().Select(d => d!.ToJsonString()));
            next = (string?)json["next"];
            if (next is null)
            {
                break;
            }
        }

        Assert.That(paged, Is.EqualTo(all));
    }

    [Test]
    public async Task WindowBeforeTheDeliveries_IsEmpty()
    {
        var deliveries = await ReadAsync("?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z");

        Assert.That(deliveries, Is.Empty);
    }

    [Test]
    public async Task WindowEndingAtTheFirstInstant_IsEmptyNotAFailure()
    {
        // The default window is the 24 h before to; before year 1 there is nothing to subtract from.
        var deliveries = await ReadAsync("?to=0001-01-01T00:00:00Z");

        Assert.That(deliveries, Is.Empty);
    }

    [Test]
    public async Task LastPage_HasNextNull()
    {
        var page = await ReadPageAsync("?limit=500");

        Assert.That(page.AsObject().Select(field => field.Key), Is.EqualTo(new[] { "items", "next" }));
        Assert.That(page["next"], Is.Null);
    }

    [TestCase("?outcome=lost", "outcome")]
    [TestCase("?from=yesterday", "from")]
    [TestCase("?to=2026-13-01", "to")]
    [TestCase("?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=501", "limit")]
    [TestCase("?cursor=abc", "cursor")]
    [TestCase("?body=yes", "body")]
    public async Task BadQuery_Is400ProblemNamingTheParameter(string query, string parameter)
    {
        using var response = await host.Client.GetAsync(DeliveryLogApi.Route + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { parameter }));
    }

    [Test]
    public async Task NoKey_Is401()
    {
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };

        using var response = await anonymous.GetAsync(DeliveryLogApi.Route);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task ExpectAsync(string body, HttpStatusCode expected)
    {
        using var response = await host.Client.PostSignedAsync(body);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    private async Task<List<JsonNode>> ReadAsync(string query) =>
        [.. (await ReadPageAsync(query))["items"]!.AsArray().Select(d => d!)];

    private async Task<JsonNode> ReadPageAsync(string query)
    {
        using var response = await host.Client.GetAsync(DeliveryLogApi.Route + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!;
    }
}
