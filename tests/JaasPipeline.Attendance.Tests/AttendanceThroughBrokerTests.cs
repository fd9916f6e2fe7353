using System.Net;
using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.Attendance.Tests;

/// <summary>
/// The whole path — signed deliveries into the real ingress, the outbox relay, the real RabbitMQ, the attendance
/// consumers through their inbox, the read API — gives the right seconds in any order, with repeats, on SQLite and on
/// SQL Server (where Docker answers).
/// </summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class AttendanceThroughBrokerTests(TestDatabaseBackend backend)
{
    private RabbitMqBroker broker = null!;
    private string? virtualHost;
    private TestDatabase? ingressDatabase;
    private TestDatabase? attendanceDatabase;
    private AttendanceTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartPipeline()
    {
        // The databases first: a backend that cannot run here ignores the fixture before anything else starts.
        ingressDatabase = await backend.CreateAsync("ingress");
        attendanceDatabase = await backend.CreateAsync(AttendanceExtensions.ServiceName);
        broker = await RabbitMqBroker.GetAsync();
        virtualHost = "attendance-tests-" + Guid.NewGuid().ToString("N")[..8];
        var busSettings = await broker.CreateVirtualHostAsync(virtualHost);
        host = await AttendanceTestHost.StartAsync(ingressDatabase, attendanceDatabase, busSettings);
        await broker.WaitForConsumerAsync(virtualHost, AttendanceExtensions.ServiceName);
    }

    [OneTimeTearDown]
    public async Task StopPipeline()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        foreach (var database in new[] { ingressDatabase, attendanceDatabase })
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }

        if (virtualHost is not null)
        {
            await broker.DeleteVirtualHostAsync(virtualHost);
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task ShuffledAndRepeatedDeliveries_GiveTheRightSeconds(int seed)
    {
        var sessionId = $"meeting-{seed}-{Guid.NewGuid():N}";
        var deliveries = MeetingScenario.Deliveries(sessionId);
        var random = new Random(seed);
        // Seed 0 keeps JaaS's order; the others shuffle and send about a third of the deliveries twice.
        var sent = seed == 0
            ? deliveries.ToList()
            : deliveries.Concat(deliveries.Where(_ => random.NextDouble() < 0.33)).OrderBy(_ => random.Next()).ToList();

        foreach (var delivery in sent)
        {
            await host.DeliverAsync(delivery);
        }

        await Eventually.WaitUntilAsync(
            async () => (await host.Store.FactsOfSessionAsync(sessionId, CancellationToken.None)).Count == deliveries.Count,
            TimeSpan.FromSeconds(60), "every delivery is stored as one fact");
        using var report = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/attendance/{sessionId}"));
        var root = report.RootElement;
        var participants = root.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("participantId").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("startedAt").GetString(), Is.EqualTo("2023-11-14T22:13:20.000Z"));
            Assert.That(root.GetProperty("endedAt").GetString(), Is.EqualTo("2023-11-14T22:23:20.000Z"));
            Assert.That(participants.Keys, Is.EquivalentTo(new[] { "p-alice", "p-bob", "p-carol", "d1" }));

            var alice = participants["p-alice"];
            Assert.That(DurationsMs(alice, "stints"), Is.EqualTo(new long[] { 60_000, 120_000, 201_000, 199_000 }), "alice's stints");
            Assert.That(alice.GetProperty("stints")[2].GetProperty("room").GetString(), Is.EqualTo("b1"));
            Assert.That(alice.GetProperty("stints")[3].GetProperty("disconnectReason").GetString(), Is.EqualTo("room_destroyed"));
            Assert.That(alice.GetProperty("attendedMs").GetInt64(), Is.EqualTo(579_000), "60 + (80..400) + (401..600), the b1 overlap once");
            Assert.That(alice.GetProperty("moderator").GetBoolean(), Is.True, "granted by bob");
            Assert.That(alice.GetProperty("name").GetString(), Is.EqualTo("Alicia \"Al\" O'Neil; DROP TABLE attendance_facts;--"));

            var bob = participants["p-bob"];
            Assert.That(bob.GetProperty("lobbyMs").GetInt64(), Is.EqualTo(30_000));
            Assert.That(bob.GetProperty("lobbyWaits")[0].GetProperty("outcome").GetString(), Is.EqualTo("admitted"));
            Assert.That(bob.GetProperty("attendedMs").GetInt64(), Is.EqualTo(250_000));
            Assert.That(bob.GetProperty("name").GetString(), Is.EqualTo("Bøb Ünïcødé 🎉"));

            var carol = participants["p-carol"];
            Assert.That(carol.GetProperty("lobbyMs").GetInt64(), Is.EqualTo(60_000));
            Assert.That(carol.GetProperty("lobbyWaits")[0].GetProperty("outcome").GetString(), Is.EqualTo("refused"));
            Assert.That(carol.GetProperty("attendedMs").GetInt64(), Is.Zero);

            var phone = participants["d1"];
            Assert.That(phone.GetProperty("kind").GetString(), Is.EqualTo("dial"));
            Assert.That(phone.GetProperty("attendedMs").GetInt64(), Is.EqualTo(300_000));

            Assert.That(root.GetProperty("breakoutRooms").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SameMeetingInTwoOrders_GivesIdenticalReports()
    {
        var first = $"order-a-{Guid.NewGuid():N}";
        var second = $"order-b-{Guid.NewGuid():N}";
        foreach (var delivery in MeetingScenario.Deliveries(first))
        {
            await host.DeliverAsync(delivery);
        }

        foreach (var delivery in MeetingScenario.Deliveries(second).Reverse())
        {
            await host.DeliverAsync(delivery);
        }

        var count = MeetingScenario.Deliveries(first).Count;
        await Eventually.WaitUntilAsync(
            async () => (await host.Store.FactsOfSessionAsync(first, CancellationToken.None)).Count == count
                        && (await host.Store.FactsOfSessionAsync(second, CancellationToken.None)).Count == count,
            TimeSpan.FromSeconds(60), "both meetings are stored");

        var a = (await host.Client.GetStringAsync($"/api/attendance/{first}")).Replace(first, "S", StringComparison.Ordinal);
        var b = (await host.Client.GetStringAsync($"/api/attendance/{second}")).Replace(second, "S", StringComparison.Ordinal);
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public async Task CsvExport_HasOneRowPerStintAndNeutralisesFormulasAndControlCharacters()
    {
        var sessionId = $"csv-{Guid.NewGuid():N}";
        foreach (var delivery in MeetingScenario.Deliveries(sessionId))
        {
            await host.DeliverAsync(delivery);
        }

        await Eventually.WaitUntilAsync(
            async () => (await host.Store.FactsOfSessionAsync(sessionId, CancellationToken.None)).Count == MeetingScenario.Deliveries(sessionId).Count,
            TimeSpan.FromSeconds(60), "the meeting is stored");

        var response = await host.Client.GetAsync($"/api/attendance/{sessionId}.csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(lines[0], Does.StartWith("sessionId,fqn,participantId,name,email"));
        Assert.That(lines[0], Does.Contain(",moderator,lobbyMs,attendedMs,room,joinedAt,leftAt,durationMs,"), "durations in ms, named so");
        Assert.That(lines.Single(l => l.Contains("p-bob")), Does.Contain(",30000,250000,main,"), "bob: 30 s in the lobby, 250 s attended");
        Assert.That(lines, Has.Length.EqualTo(1 + 4 + 1 + 1 + 1), "header, alice's 4 stints, bob's, carol's (none), the phone's");
        Assert.That(lines.Single(l => l.Contains("p-alice") && l.Contains(",b1,")), Does.Contain("\"Alicia \"\"Al\"\" O'Neil; DROP TABLE attendance_facts;--\""));
        Assert.That(lines.Single(l => l.Contains("p-carol")), Does.Contain(",Car\uFFFDol\uFFFD[31m,"), "control characters in a name reach no export");
    }

    [Test]
    public async Task UnknownMeeting_Is404Problem()
    {
        var response = await host.Client.GetAsync("/api/attendance/no-such-meeting");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task MeetingList_FiltersByAppRoomAndLastEventTime()
    {
        var sessionId = $"list-{Guid.NewGuid():N}";
        foreach (var delivery in MeetingScenario.Deliveries(sessionId))
        {
            await host.DeliverAsync(delivery);
        }

        await Eventually.WaitUntilAsync(
            async () => (await host.Store.FactsOfSessionAsync(sessionId, CancellationToken.None)).Count == MeetingScenario.Deliveries(sessionId).Count,
            TimeSpan.FromSeconds(60), "the meeting is stored");

        var matching = await ListAsync("?appId=vpaas-magic-cookie-c1&room=standup&from=2023-11-14T22:00:00Z&to=2023-11-14T23:00:00Z");
        var otherRoom = await ListAsync("?appId=vpaas-magic-cookie-c1&room=another-room");
        var later = await ListAsync("?from=2024-01-01T00:00:00Z");
        var badTime = await host.Client.GetAsync("/api/attendance/meetings?from=yesterday");

        Assert.That(matching, Does.Contain(sessionId));
        Assert.That(otherRoom, Does.Not.Contain(sessionId));
        Assert.That(later, Does.Not.Contain(sessionId));
        Assert.That(badTime.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private async Task<List<string>> ListAsync(string query)
    {
        using var list = JsonDocument.Parse(await host.Client.GetStringAsync("/api/attendance/meetings" + query + "&limit=500"));
        return list.RootElement.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("sessionId").GetString()!).ToList();
    }

    private static long[] DurationsMs(JsonElement participant, string list) =>
        participant.GetProperty(list).EnumerateArray().Select(s => s.GetProperty("durationMs").GetInt64()).ToArray();
}
