using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using JaasPipeline.Ingress;
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

            Assert.That(report.GetProperty("participants")[0].GetProperty("totalSeconds").GetDouble(), Is.EqualTo(60));
            var queues = await broker.QueuesAsync(virtualHost);
            Assert.That(queues.Where(q => q.Name is "attendance" or "analytics").Select(q => q.Type), Is.EqualTo(new[] { "quorum", "quorum" }));
        }
        finally
        {
            await broker.DeleteVirtualHostAsync(virtualHost);
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
