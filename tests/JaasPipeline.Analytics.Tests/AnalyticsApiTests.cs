using System.Net;
using Dapper;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>Events through the bus, the inbox and the database (SQLite, and SQL Server where Docker answers), read back through the API on Kestrel.</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed partial class AnalyticsApiTests(TestDatabaseBackend backend)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private TempFolder folder = null!;
    private TestDatabase? database;
    private AnalyticsTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        database = await backend.CreateAsync(AnalyticsExtensions.ServiceName);
        folder = new TempFolder("analytics-api");
        host = await AnalyticsTestHost.StartAsync(folder, database, new Dictionary<string, string?>
        {
            ["Analytics:QualityPollInterval"] = "00:00:00.200",
            ["Analytics:QualityMaxAttempts"] = "2",
        });
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
    public async Task UnknownMeeting_IsA404Problem()
    {
        using var response = await host.Client.GetAsync("/api/analytics/no-such-session");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("")]
    [TestCase("?month=2026-13")]
    [TestCase("?month=2026-1")]
    [TestCase("?month=november")]
    [TestCase("?month=2026-11-01")]
    public async Task UsageWithABadMonth_IsA400Problem(string query)
    {
        using var response = await host.Client.GetAsync("/api/usage/customer-1" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task GeneratedMeetingsDeliveredThroughTheBus_ReadBackAsTheBuilderDerivesThem()
    {
        // Several generated meetings, each under its own sessionId, every delivery (repeats and re-sends included) published.
        var meetings = Enumerable.Range(1, 5).Select(seed => EngagementStreams.Build(seed)).ToList();
        var published = new List<Guid>();
        for (var index = 0; index < meetings.Count; index++)
        {
            foreach (var fact in meetings[index].Delivered)
            {
                // Idempotency keys are unique across meetings, as JaaS makes them.
                published.Add(await host.PublishAsync(fact with { SessionId = $"session-{index}", IdempotencyKey = $"session-{index}-{fact.IdempotencyKey}" }));
            }
        }

        for (var index = 0; index < meetings.Count; index++)
        {
            var expected = Reports.AnalyticsReportBuilder.Build($"session-{index}", meetings[index].Stream, [])!.ToCanonicalJson();
            // The generated meetings are old and lack uploads: their gaps come from the gap rules (MeetingGapTests), not the builder.
            var actual = await ReadUntilAsync($"/api/analytics/session-{index}", expected, WithoutGaps);
            Assert.That(actual, Is.EqualTo(expected), $"session-{index} reads as derived from its stream");
        }

        // A repeat is stored as nothing new, never as a failure that sends the message to the error queue.
        Assert.That(await host.FaultedOnceSettledAsync("MeetingFactsConsumer", published), Is.Zero);
    }

    [Test]
    public async Task UsageRepeatedAndOverlapping_CountsEachDeviceAndUserOncePerCalendarMonth()
    {
        var november = new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero);
        UsageReported Usage(string key, DateTimeOffset at, params UsageEntry[] entries) => new()
        {
            IdempotencyKey = key, EventType = JaasEventTypes.Usage, SessionId = "s", Fqn = "app/room", CustomerId = "cust-1", Timestamp = at, Entries = entries,
        };
        UsageEntry Web(string device, string? user) => new() { CustomerId = "cust-1", DeviceId = device, UserId = user };
        UsageEntry Dial(string number) => new() { CustomerId = "cust-1", DeviceId = number, CallDirection = "in" };

        var deliveries = new[]
        {
            Usage("u1", november, Web("dev-a", "user-a"), Web("dev-b", null)),  // second join: the first two
            Usage("u2", november, Web("dev-c", "user-a")),                      // same user, another device
            Usage("u2", november, Web("dev-c", "user-a")),                      // repeat
            Usage("u3", november, Dial("+15551234567")),                        // phone participants are devices
            Usage("u4", november.AddSeconds(2), Web("dev-a", "user-a"), Web("dev-d", "user-d")), // December (UTC)
            Usage("u5", november.AddMinutes(-5), Web("dev-a", "user-a")),                        // overlap, other key
        };
        // Newest first: u1 then repeats dev-a (from u5) next to dev-b, seen nowhere else.
        var published = new List<Guid>();
        foreach (var usage in deliveries.Reverse())
        {
            published.Add(await host.PublishAsync(usage));
        }

        await Eventually.WaitUntilAsync(async () =>
            await UsageAsync("cust-1", "2026-11") == (4, 1) && await UsageAsync("cust-1", "2026-12") == (2, 2),
            Deadline, "November has dev-a, dev-b, dev-c and the phone (users: user-a) and December dev-a, dev-d (user-a, user-d)");
        Assert.That(await host.FaultedOnceSettledAsync("UsageConsumer", published), Is.Zero);
        Assert.That(await UsageAsync("cust-1", "2026-10"), Is.EqualTo((0, 0)));
        using var unknown = await host.Client.GetAsync("/api/usage/other-customer?month=2026-11");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no USAGE ever named this customer: not zeros");
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task StoredStatisticsFile_AppearsAsTheParticipantsCallQuality()
    {
        const string key = "vpaas-magic-cookie-ea0dbb6e93e94e60a6168953b068f7ad/automation/quality-session/rtcstats/stats.gz";
        var path = Path.Combine(host.ArtifactRoot, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var expected = StatisticsFileGenerator.Write(path, seed: 3, connections: 2, samplesPerConnection: 500);
        var stored = new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded,
            IdempotencyKey = "17aba8d3-1658-4e01-a791-f204a5b6b597", SessionId = "quality-session",
            Fqn = "vpaas-magic-cookie-ea0dbb6e93e94e60a6168953b068f7ad/automation", EventTimestamp = DateTimeOffset.UtcNow,
            StoragePath = key, Sha256 = new string('a', 64), Bytes = new FileInfo(path).Length,
            ParticipantId = "114025754820379595029", ParticipantName = "Test user", EndpointId = "231ffc",
        };

        Guid[] published =
        [
            await host.PublishAsync(stored),
            await host.PublishAsync(stored), // published again (a redelivery of the same event): one summary
            await host.PublishAsync(stored with { Kind = ArtifactKinds.Chat, IdempotencyKey = "chat-key" }), // not a statistics file
        ];

        JsonElement quality = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await host.Client.GetAsync("/api/analytics/quality-session");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            quality = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("quality").Clone();
            // Listed from the moment it is noted (pending); the figures come with done.
            return quality.GetArrayLength() > 0 && quality[0].GetProperty("status").GetString() == "done";
        }, Deadline, "the statistics file is summarized");

        Assert.That(await host.FaultedOnceSettledAsync("StatisticsFileConsumer", published), Is.Zero);
        var summary = quality.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("participantId").GetString(), Is.EqualTo("114025754820379595029"));
            Assert.That(summary.GetProperty("name").GetString(), Is.EqualTo("Test user"));
            Assert.That(summary.GetProperty("endpointId").GetString(), Is.EqualTo("231ffc"));
            Assert.That(summary.GetProperty("rttMeanMs").GetInt64(), Is.EqualTo(Math.Round(expected.RttMsMean, MidpointRounding.AwayFromZero)));
            Assert.That(summary.GetProperty("rttP95Ms").GetInt64(), Is.EqualTo(Math.Round(expected.RttMsP95, MidpointRounding.AwayFromZero)));
            Assert.That(summary.GetProperty("packetLossRatio").GetDouble(), Is.EqualTo(expected.PacketLossPercent / 100).Within(0.000001), "a fraction, 0 to 1");
            Assert.That(summary.GetProperty("durationMs").GetInt64(), Is.EqualTo(Math.Round(expected.DurationSeconds * 1000)).Within(1));
            Assert.That(summary.GetProperty("malformedLines").GetInt32(), Is.EqualTo(expected.MalformedLines));
            Assert.That(summary.GetProperty("iceFailed").GetBoolean(), Is.EqualTo(expected.IceFailed));
            Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("done"));
            Assert.That(summary.GetProperty("reason").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(summary.GetProperty("rttSource").GetString(), Is.EqualTo("candidate-pair"), "the generator's pairs carry currentRoundTripTime");
        });
    }

    [Test]
    public async Task StatisticsFileThatIsNotThere_IsListedAsMissingWithoutFigures()
    {
        var stored = new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded,
            IdempotencyKey = "missing-file-key", SessionId = "missing-session", Fqn = "app/room", StoragePath = "app/room/missing-session/rtcstats/gone.gz",
            Sha256 = new string('b', 64), ParticipantId = "p1",
        };

        await host.Bus.Publish(stored);

        await Eventually.WaitUntilAsync(async () => await host.QualityRowAsync("missing-file-key") is ("missing", _), Deadline, "the file is marked missing");
        using var response = await host.Client.GetAsync("/api/analytics/missing-session");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the meeting is known");
        var quality = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("quality").EnumerateArray().Single();
        Assert.That(quality.GetProperty("participantId").GetString(), Is.EqualTo("p1"));
        Assert.That(quality.GetProperty("status").GetString(), Is.EqualTo("missing"));
        Assert.That(quality.GetProperty("reason").GetString(), Is.EqualTo("The file is not in the artifact store."));
        Assert.That(quality.GetProperty("rttMeanMs").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(quality.GetProperty("iceReconnects").ValueKind, Is.EqualTo(JsonValueKind.Null), "no count from a file never read");
    }

    /// <summary>Reads until the body is <paramref name="expected"/> or the deadline passes; returns the last body read.</summary>
    /// <summary>A report's JSON with an empty <c>gaps</c>, as the builder alone makes it.</summary>
    private static string WithoutGaps(string report)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(report)!;
        node["gaps"] = new System.Text.Json.Nodes.JsonArray();
        return node.ToJsonString(JaasPipeline.ServiceDefaults.ApiJson.Options);
    }

    private async Task<string> ReadUntilAsync(string path, string expected, Func<string, string>? normalize = null)
    {
        var giveUpAt = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var response = await host.Client.GetAsync(path);
            var content = await response.Content.ReadAsStringAsync();
            var body = $"{(int)response.StatusCode} {(response.IsSuccessStatusCode && normalize is not null ? normalize(content) : content)}";
            if (body == "200 " + expected || DateTime.UtcNow > giveUpAt)
            {
                return body[4..];
            }

            await Task.Delay(50); // polling for the consumers' commits, bounded by the deadline (as Eventually does)
        }
    }

    [Test]
    public async Task StatisticsFileThatIsNotGzip_IsTriedAgainThenMarkedFailed_WithoutStoppingTheWorker()
    {
        const string key = "app/room/broken-session/rtcstats/broken.gz";
        var path = Path.Combine(host.ArtifactRoot, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "this is not gzip");
        var stored = new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded,
            IdempotencyKey = "broken-file-key", SessionId = "broken-session", Fqn = "app/room", StoragePath = key, Sha256 = new string('c', 64),
        };

        await host.Bus.Publish(stored);

        // Analytics:QualityMaxAttempts is 2 in this fixture: one retry, then failed.
        await Eventually.WaitUntilAsync(async () => await host.QualityRowAsync("broken-file-key") is ("failed", 2), Deadline, "the file is marked failed after 2 attempts");
    }

    [Test]
    public async Task StatisticsFileWhoseEarlierReadsNeverFinished_IsGivenUpWithoutBeingReadAgain()
    {
        // Two attempts began (counted before reading) and none recorded an outcome: what two out-of-memory kills
        // leave behind. The limit in this fixture is 2, so the worker gives up instead of reading it a third time;
        // the file does not exist, so a read would have marked it 'missing' instead.
        const string key = "given-up-file-key";
        await using (var connection = await host.Database.OpenAsync())
        {
            await connection.ExecuteAsync(
                host.Database.Sql(
                    """
                    INSERT INTO analytics_call_quality (idempotency_key, artifact_id, session_id, storage_path, sha256, received_at, status, attempts)
                    VALUES (@Key, @ArtifactId, 'given-up-session', 'app/room/given-up-session/rtcstats/killer.gz', @Sha256, 0, 'pending', 2)
                    """,
                    """
                    INSERT INTO dbo.analytics_call_quality (idempotency_key, artifact_id, session_id, storage_path, sha256, received_at, status, attempts)
                    VALUES (@Key, @ArtifactId, 'given-up-session', 'app/room/given-up-session/rtcstats/killer.gz', @Sha256, 0, 'pending', 2)
                    """),
                new { Key = key, ArtifactId = Guid.NewGuid().ToString(), Sha256 = new string('d', 64) });
        }

        await Eventually.WaitUntilAsync(async () => await host.QualityRowAsync(key) is ("failed", 2), Deadline, "the file is given up after 2 unfinished attempts");
    }

    [Test]
    public async Task StatisticsFileAttempt_IsCountedBeforeTheFileIsRead()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The file that blocks its reader is a named pipe (mkfifo).");
        }

        // The stored file is a named pipe: the worker's read blocks until the test writes the file into it, which is
        // the moment a reader that dies would die. The attempt must already be on disk then.
        const string storageKey = "app/room/fifo-session/rtcstats/fifo.gz";
        var path = Path.Combine(host.ArtifactRoot, storageKey.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
        }

        var generated = Path.Combine(folder.Path, "fifo-content.gz");
        StatisticsFileGenerator.Write(generated, seed: 5, connections: 1, samplesPerConnection: 50);
        await host.Bus.Publish(new ArtifactStored
        {
            ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded,
            IdempotencyKey = "fifo-file-key", SessionId = "fifo-session", Fqn = "app/room", StoragePath = storageKey, Sha256 = new string('e', 64),
        });

        try
        {
            await Eventually.WaitUntilAsync(async () => await host.QualityRowAsync("fifo-file-key") is ("pending", 1), Deadline,
                "the attempt is counted while the read is still blocked");
        }
        finally
        {
            // Unblocks the reader whatever happened above, so the host can stop.
            await File.WriteAllBytesAsync(path, await File.ReadAllBytesAsync(generated));
        }

        await Eventually.WaitUntilAsync(async () => await host.QualityRowAsync("fifo-file-key") is ("done", 1), Deadline, "the file is then summarized in that one attempt");
    }

    private async Task<(int Devices, int Users)> UsageAsync(string customerId, string month)
    {
        using var response = await host.Client.GetAsync($"/api/usage/{customerId}?month={month}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (-1, -1); // no USAGE of the customer stored yet
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("customerId").GetString(), Is.EqualTo(customerId));
        Assert.That(body.GetProperty("month").GetString(), Is.EqualTo(month));
        return (body.GetProperty("activeDevices").GetInt32(), body.GetProperty("activeUsers").GetInt32());
    }
}
