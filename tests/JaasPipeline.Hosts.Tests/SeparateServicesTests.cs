using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// Production mode: the ingress, attendance and analytics hosts as three processes, each with its own database and
/// appsettings.json, talking only through the real RabbitMQ. (SQLite stands in for SQL Server, which cannot run here.)
/// </summary>
public sealed class SeparateServicesTests
{
    private const string Secret = "whsec_separate_hosts_test_00000000000";
    private const string ApiKey = "attendance-reader-key-0123456789";

    [Test]
    public async Task DeliveriesToTheIngressHost_ReachTheAttendanceAndAnalyticsHostsThroughRabbitMq()
    {
        var broker = await RabbitMqBroker.GetAsync();
        var virtualHost = "hosts-tests-" + Guid.NewGuid().ToString("N")[..8];
        var bus = (await broker.CreateVirtualHostAsync(virtualHost)).ToDictionary(e => e.Key.Replace(":", "__"), e => e.Value!);
        using var folder = new TempFolder("hosts");
        try
        {
            await using var attendance = await StartAsync("services/Attendance/JaasPipeline.Attendance.Host", "JaasPipeline.Attendance.Host", bus, new()
            {
                ["Attendance__Database__Provider"] = "Sqlite",
                ["Attendance__Database__ConnectionString"] = folder.SqliteConnectionString("attendance"),
                ["Api__Keys__0"] = ApiKey,
            });
            await using var analytics = await StartAsync("services/Analytics/JaasPipeline.Analytics.Host", "JaasPipeline.Analytics.Host", bus, new()
            {
                ["Analytics__Database__Provider"] = "Sqlite",
                ["Analytics__Database__ConnectionString"] = folder.SqliteConnectionString("analytics"),
            });
            await broker.WaitForConsumerAsync(virtualHost, "attendance");
            await broker.WaitForConsumerAsync(virtualHost, "analytics");
            await using var ingress = await StartAsync("services/Ingress/JaasPipeline.Ingress.Host", "JaasPipeline.Ingress.Host", bus, new()
            {
                ["Ingress__WebhookSecrets__0"] = Secret,
                ["Ingress__Database__Provider"] = "Sqlite",
                ["Ingress__Database__ConnectionString"] = folder.SqliteConnectionString("ingress"),
            });

            var sessionId = "separate-" + Guid.NewGuid().ToString("N");
            string[] deliveries =
            [
                Event(sessionId, "ROOM_CREATED", 0, """{"conference":"c"}"""),
                Event(sessionId, "PARTICIPANT_JOINED", 10, """{"participantId":"p1","name":"Jo","participantJid":"p1@8x8.vc"}"""),
                Event(sessionId, "PARTICIPANT_LEFT", 70, """{"participantId":"p1","disconnectReason":"left"}"""),
                Event(sessionId, "ROOM_DESTROYED", 100, """{"conference":"c"}"""),
            ];
            foreach (var delivery in deliveries.Reverse())
            {
                Assert.That((int)(await PostSignedAsync(ingress.Client, delivery)).StatusCode, Is.EqualTo(200));
            }

            await Eventually.WaitUntilAsync(
                async () => await JournalCountAsync(folder, sessionId) == deliveries.Length, TimeSpan.FromSeconds(60), "analytics journaled every event");
            JsonElement report = default;
            await Eventually.WaitUntilAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/attendance/{sessionId}");
                request.Headers.Add("X-Api-Key", ApiKey);
                var response = await attendance.Client.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return report.GetProperty("endedAt").ValueKind == JsonValueKind.String && report.GetProperty("participants").GetArrayLength() == 1;
            }, TimeSpan.FromSeconds(60), "the attendance host reports the meeting");

            Assert.That(report.GetProperty("participants")[0].GetProperty("attendedMs").GetInt64(), Is.EqualTo(60_000));
            var queues = await broker.QueuesAsync(virtualHost);
            Assert.That(queues.Where(q => q.Name is "attendance" or "analytics").Select(q => q.Type), Is.EqualTo(new[] { "quorum", "quorum" }));
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(virtualHost);
        }
    }

    /// <summary>
    /// The README's production block, run as written with its own ports, virtual host and data folder (the block's
    /// JAAS_PORT, JAAS_DATA and RABBITMQ_VHOST), in a <see cref="LinkedClone"/> of the repository (the hosts' logs go
    /// there): five hosts start, a signed delivery to the ingress reaches the attendance API, each banner names what the
    /// host uses, and the attendance host's /metrics shows the consumer.
    /// </summary>
    [Test]
    public async Task ReadmeProductionBlock_StartsEveryHostAndCarriesASignedDeliveryToTheAttendanceApi()
    {
        var broker = await RabbitMqBroker.GetAsync();
        if (broker.Origin != "local rabbitmq-server" || broker.Host is not ("127.0.0.1" or "localhost") || broker.AmqpPort != 5672)
        {
            Assert.Ignore("The README's block uses the broker on localhost:5672.");
        }

        var virtualHost = "readme-production-" + Guid.NewGuid().ToString("N")[..8];
        await broker.CreateVirtualHostAsync(virtualHost);
        using var folder = new TempFolder("readme-production");
        using var clone = new LinkedClone("readme-production-run");
        var port = FiveFreePorts();
        var environment = new Dictionary<string, string>
        {
            ["JAAS_WEBHOOK_SECRET"] = Secret,
            ["JAAS_API_KEY"] = ApiKey,
            ["TRANSCRIPTION_READ_KEY"] = "transcription-team-read-key-0123456789",
            ["JAAS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["JAAS_DATA"] = folder.Path,
            ["RABBITMQ_VHOST"] = virtualHost,
        };
        try
        {
            await using var hosts = ServiceProcess.StartShell(
                ReadmeProductionBlock() + "\nwait\n", clone.Path, environment, new Uri($"http://127.0.0.1:{port}"));
            try
            {
                for (var i = 0; i < 5; i++)
                {
                    await hosts.WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port + i}"));
                }
            }
            catch (AssertionException)
            {
                Assert.Fail($"A host of the README's block did not get ready:{hosts.Output}{clone.Logs()}");
            }

            await broker.WaitForConsumerAsync(virtualHost, "attendance");
            var sessionId = "readme-" + Guid.NewGuid().ToString("N");
            foreach (var delivery in new[]
                     {
                         Event(sessionId, "ROOM_CREATED", 0, """{"conference":"c"}"""),
                         Event(sessionId, "PARTICIPANT_JOINED", 10, """{"participantId":"p1","name":"Jo","participantJid":"p1@8x8.vc"}"""),
                     })
            {
                Assert.That((int)(await PostSignedAsync(hosts.Client, delivery)).StatusCode, Is.EqualTo(200));
            }

            using var attendance = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 1}") };
            await Eventually.WaitUntilAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/attendance/{sessionId}");
                request.Headers.Add("X-Api-Key", ApiKey);
                var response = await attendance.SendAsync(request);
                return response.IsSuccessStatusCode &&
                       JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("participants").GetArrayLength() == 1;
            }, TimeSpan.FromSeconds(60), "the attendance API reports Jo");

            var metrics = await PrometheusScrape.ReadAsync(attendance);
            Assert.That(metrics.Value("messaging_masstransit_consume_ea_total", "messaging_masstransit_consumer_type=\"PresenceConsumer\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(metrics.Value("target_info", "service_name=\"attendance\""), Is.EqualTo(1));

            var output = hosts.Output + clone.Logs();
            Assert.That(output, Does.Contain($"attendance bus: RabbitMQ localhost:5672, virtual host {virtualHost}")
                .And.Contain($"attendance data of attendance: Sqlite {Path.Combine(folder.Path, "attendance.db")}")
                .And.Contain($"attendance consumes queue attendance")
                .And.Contain($"analytics consumes queue analytics")
                .And.Contain($"ingress listening on http://0.0.0.0:{port}")
                .And.Contain($"media-artifacts listening on http://0.0.0.0:{port + 2}")
                .And.Contain($"transcription listening on http://0.0.0.0:{port + 3}")
                .And.Contain($"POST http://0.0.0.0:{port}/webhooks/jaas"));
            Assert.That(output, Does.Not.Contain("guest"), "no broker credentials in the output");
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(virtualHost);
        }
    }

    // The fenced block between the README's production-mode markers, without its build line.
    private static string ReadmeProductionBlock()
    {
        var readme = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot, "README.md"));
        const string start = "<!-- production-mode:start -->", end = "<!-- production-mode:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var block = readme[from..readme.IndexOf(end, from, StringComparison.Ordinal)];
        var lines = block.Split('\n').Where(line => !line.StartsWith("```", StringComparison.Ordinal) && !line.StartsWith("dotnet build", StringComparison.Ordinal)).ToList();
        Assert.That(lines.Count(line => line.Contains("dotnet run", StringComparison.Ordinal)), Is.EqualTo(5), "the block starts five hosts");
        return string.Join('\n', lines);
    }

    // A base port with the four after it free as well (the block puts the hosts on PORT .. PORT+4).
    private static int FiveFreePorts()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = ServiceProcess.FreeLoopbackPort();
            if (port < 65000 && Enumerable.Range(port, 5).All(IsFree))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No five consecutive free ports.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    // The host runs in its own output folder, so its appsettings.json (production defaults) is read, then overridden.
    private static Task<ServiceProcess> StartAsync(string project, string assembly, Dictionary<string, string> bus, Dictionary<string, string> settings)
    {
        var dll = ServiceProcess.HostDll(project, assembly);
        foreach (var (key, value) in bus)
        {
            settings[key] = value;
        }

        return ServiceProcess.StartAsync(dll, Path.GetDirectoryName(dll)!, settings);
    }

    private static Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookApi.Route) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(JaasSignature.HeaderName, JaasSignature.Sign(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), bytes));
        return client.SendAsync(request);
    }

    private static string Event(string sessionId, string eventType, int seconds, string data) =>
        $$$"""{"idempotencyKey":"{{{sessionId}}}-{{{eventType}}}","customerId":"c1","eventType":"{{{eventType}}}","sessionId":"{{{sessionId}}}","timestamp":{{{1_700_000_000_000 + seconds * 1000L}}},"fqn":"vpaas-magic-cookie-c1/room","data":{{{data}}}}""";

    private static async Task<long> JournalCountAsync(TempFolder folder, string sessionId)
    {
        await using var connection = new SqliteConnection(folder.SqliteConnectionString("analytics") + ";Mode=ReadOnly;Pooling=False");
        try
        {
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM analytics_event_journal WHERE session_id = @sessionId", new { sessionId });
        }
        catch (SqliteException)
        {
            return 0; // not migrated yet
        }
    }
}
