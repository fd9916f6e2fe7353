using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Tests;

/// <summary><c>/api/room-settings</c> on a real ingress: key required, validation on write, changes answered at once, audit.</summary>
public sealed class RoomSettingsAdminApiTests
{
    private const string Key = "admin-key-0123456789";
    private const string NamedKey = "named-key-0123456789";
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("settings-admin");
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Api:Keys:0"] = Key;
        settings["Api:NamedKeys:ops-alice"] = NamedKey;
        host = await IngressTestHost.StartAsync(settings);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task Put_IsAnsweredByProvisioningAtOnceAndListedAndAudited()
    {
        using var put = await SendAsync(HttpMethod.Put, "/api/room-settings/app-put/board-*", """{"maxOccupants":12,"passcode":"1234"}""");
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        using var provisioned = await ProvisionAsync("app-put/board-9");
        Assert.That(await provisioned.Content.ReadAsStringAsync(), Is.EqualTo("""{"passcode":"1234","maxOccupants":12}"""));

        using var get = await SendAsync(HttpMethod.Get, "/api/room-settings/app-put/board-*");
        Assert.That(JsonNode.Parse(await get.Content.ReadAsStringAsync())!["maxOccupants"]!.GetValue<int>(), Is.EqualTo(12));

        using var list = await SendAsync(HttpMethod.Get, "/api/room-settings/app-put");
        var page = JsonNode.Parse(await list.Content.ReadAsStringAsync())!;
        Assert.That(page["items"]!.AsArray().Select(r => (string?)r!["room"]), Is.EqualTo(new[] { "board-*" }));
        Assert.That(page.AsObject().ContainsKey("next") && page["next"] is null, Is.True, "a list is {items, next} with next null on the last page");

        var audit = await host.QueryAsync<string>("SELECT changed_by FROM room_settings_audit WHERE app_id = 'app-put'");
        Assert.That(audit, Has.Count.EqualTo(1));
        Assert.That(audit[0], Does.StartWith("key:").And.Not.Contain(Key));
    }

    [Test]
    public async Task PutAndDelete_ChangeOneRuleInMemoryWithoutReloadingTheOthers_AndHoldAfterARestart()
    {
        using var other = new TempFolder("settings-incremental");
        var settings = IngressTestHost.DefaultSettings(other);
        settings["Api:Keys:0"] = Key;
        settings["SettingsProvisioning:RefreshInterval"] = "1.00:00:00"; // no whole reload during the test
        await using (var instance = await IngressTestHost.StartAsync(settings))
        {
            // A row the running host has not loaded (as if written by another instance): a PUT that reloaded every
            // rule would start answering it.
            await using (var connection = await instance.Database.OpenAsync())
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = """INSERT INTO room_settings (app_id, room, settings, updated_at) VALUES ('app-inc', 'elsewhere', '{"maxOccupants":3}', 0)""";
                await insert.ExecuteNonQueryAsync();
            }

            var kept = await File.ReadAllTextAsync(settings["SettingsProvisioning:SnapshotFile"]!);
            using (var put = await SendAsync(instance.Client, HttpMethod.Put, "/api/room-settings/app-inc/board-*", """{"maxOccupants":12}"""))
            using (var gone = await SendAsync(instance.Client, HttpMethod.Put, "/api/room-settings/app-inc/gone", """{"maxOccupants":4}"""))
            using (var delete = await SendAsync(instance.Client, HttpMethod.Delete, "/api/room-settings/app-inc/gone"))
            {
                Assert.That(new[] { put.StatusCode, gone.StatusCode, delete.StatusCode }, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent }));
            }

            using (Assert.EnterMultipleScope())
            {
                Assert.That(await ProvisionedAsync(instance.Client, "app-inc/board-1"), Is.EqualTo("""{"maxOccupants":12}"""), "the rule put");
                Assert.That(await ProvisionedAsync(instance.Client, "app-inc/gone"), Is.EqualTo("{}"), "the rule deleted");
                Assert.That(await ProvisionedAsync(instance.Client, "app-inc/elsewhere"), Is.EqualTo("{}"), "no whole reload: the row written behind its back is not held yet");
                Assert.That(await File.ReadAllTextAsync(settings["SettingsProvisioning:SnapshotFile"]!), Is.EqualTo(kept), "the copy on disk waits for the next whole load");
            }
        }

        await using var restarted = await IngressTestHost.StartAsync(settings);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ProvisionedAsync(restarted.Client, "app-inc/board-1"), Is.EqualTo("""{"maxOccupants":12}"""));
            Assert.That(await ProvisionedAsync(restarted.Client, "app-inc/gone"), Is.EqualTo("{}"));
            Assert.That(await ProvisionedAsync(restarted.Client, "app-inc/elsewhere"), Is.EqualTo("""{"maxOccupants":3}"""), "a start loads every rule");
        }
    }

    [Test]
    public async Task ChangeWithANamedKey_IsAuditedUnderItsName()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/room-settings/app-named/*")
        {
            Content = new StringContent("""{"lobbyEnabled":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", NamedKey);
        using var put = await host.Client.SendAsync(request);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        var audit = await host.QueryAsync<string>("SELECT changed_by FROM room_settings_audit WHERE app_id = 'app-named'");
        Assert.That(audit, Is.EqualTo(new[] { "name:ops-alice" }));
    }

    [Test]
    public async Task Passcodes_NeverReachALog()
    {
        using var other = new TempFolder("settings-logs");
        var settings = IngressTestHost.DefaultSettings(other);
        settings["Api:Keys:0"] = Key;
        var logs = new CapturedLogs();
        await using var logged = await IngressTestHost.StartAsync(settings, configure: builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        });

        foreach (var body in new[] { """{"passcode":"73914"}""", """{"passcode":"73914x"}""", """{"passcode":"73914","nope":1}""" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/room-settings/app-logs/board-1")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", Key);
            (await logged.Client.SendAsync(request)).Dispose();
        }

        using var provisioned = await SettingsProvisioningTests.PostSignedAsync(logged.Client, """{"fqn":"app-logs/board-1"}""");
        Assert.That(await provisioned.Content.ReadAsStringAsync(), Does.Contain("73914"), "the passcode was set and served");
        Assert.That(logs.Lines, Is.Not.Empty, "the capture sees the host's logs");
        Assert.That(logs.Lines.Where(line => line.Contains("73914", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task List_PagesByRoomWithACursorUntilNextIsNull()
    {
        string[] rooms = ["*", "a-*", "b", "c"];
        foreach (var room in rooms)
        {
            using var put = await SendAsync(HttpMethod.Put, $"/api/room-settings/app-pages/{room}", """{"lobbyEnabled":true}""");
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var listed = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            using var response = await SendAsync(HttpMethod.Get, "/api/room-settings/app-pages?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            listed.AddRange(page["items"]!.AsArray().Select(rule => (string)rule!["room"]!));
            if ((cursor = (string?)page["next"]) is null)
            {
                break;
            }
        }

        Assert.That(listed, Is.EqualTo(rooms));
    }

    [Test]
    public async Task Audit_ListsEveryChangeNewestFirst_WithWhoWhenBeforeAndAfter_APageAtATime()
    {
        using (var create = await SendAsync(HttpMethod.Put, "/api/room-settings/app-audit/board", """{"maxOccupants":10}"""))
        using (var change = await SendAsync(HttpMethod.Put, "/api/room-settings/app-audit/board", """{"maxOccupants":20}"""))
        using (var other = await SendAsync(HttpMethod.Put, "/api/room-settings/app-audit/*", """{"lobbyEnabled":true}"""))
        using (var delete = await SendAsync(HttpMethod.Delete, "/api/room-settings/app-audit/board"))
        using (var elsewhere = await SendAsync(HttpMethod.Put, "/api/room-settings/app-audit-other/board", """{"maxOccupants":5}"""))
        {
            Assert.That(new[] { create.StatusCode, change.StatusCode, other.StatusCode, delete.StatusCode, elsewhere.StatusCode },
                Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.OK }));
        }

        var changes = new List<JsonNode>();
        string? cursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            using var response = await SendAsync(HttpMethod.Get, "/api/room-settings-audit/app-audit?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            changes.AddRange(page["items"]!.AsArray().Select(change => change!));
            if ((cursor = (string?)page["next"]) is null)
            {
                break;
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changes.Select(c => (string?)c["room"]), Is.EqualTo(new[] { "board", "*", "board", "board" }), "newest first, this app's only");
            Assert.That(changes.Select(c => (int?)c["before"]?["maxOccupants"]), Is.EqualTo(new int?[] { 20, null, 10, null }));
            Assert.That(changes.Select(c => (int?)c["after"]?["maxOccupants"]), Is.EqualTo(new int?[] { null, null, 20, 10 }));
            Assert.That(changes[0]["after"], Is.Null, "a deletion has nothing after");
            Assert.That(changes.Select(c => (string?)c["changedBy"]), Is.All.StartWith("key:"));
            Assert.That(changes.Select(c => c.ToJsonString()), Has.None.Contain(Key), "the key itself is never answered");
            Assert.That(changes.Select(c => DateTimeOffset.Parse((string)c["changedAt"]!)), Is.Ordered.Descending);
        }

        using var noKey = await host.Client.GetAsync("/api/room-settings-audit/app-audit");
        Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "an admin API: a key even on loopback");
    }

    [TestCase("/api/room-settings/app-pages", "?limit=0", "limit")]
    [TestCase("/api/room-settings/app-pages", "?cursor=%25%25", "cursor")]
    [TestCase("/api/room-settings-audit/app-pages", "?limit=0", "limit")]
    [TestCase("/api/room-settings-audit/app-pages", "?cursor=%25%25", "cursor")]
    [TestCase("/api/room-settings-audit/app-pages", "?cursor=WyJ4Il0", "cursor")]
    public async Task ListWithABadPage_Is400NamingTheParameter(string path, string query, string parameter)
    {
        using var refused = await SendAsync(HttpMethod.Get, path + query);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { parameter }));
    }

    [Test]
    public async Task Delete_RemovesTheRuleFromTheAnswer()
    {
        using var put = await SendAsync(HttpMethod.Put, "/api/room-settings/app-del/*", """{"lobbyEnabled":true}""");
        using var delete = await SendAsync(HttpMethod.Delete, "/api/room-settings/app-del/*");
        using var again = await SendAsync(HttpMethod.Delete, "/api/room-settings/app-del/*");
        using var provisioned = await ProvisionAsync("app-del/any");

        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await provisioned.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
    }

    [TestCase("""{"passcode":"12a4"}""", "passcode")]
    [TestCase("""{"passcode":1234}""", "passcode")]
    [TestCase("""{"maxOccupants":1}""", "maxOccupants")]
    [TestCase("""{"maxOccupants":501}""", "maxOccupants")]
    [TestCase("""{"maxOccupants":2.5}""", "maxOccupants")]
    [TestCase("""{"lobbyType":"WAIT"}""", "lobbyType")]
    [TestCase("""{"transcriberType":"whisper"}""", "transcriberType")]
    [TestCase("""{"participantsSoftLimit":0}""", "participantsSoftLimit")]
    [TestCase("""{"hideDisplayName":"ALL"}""", "hideDisplayName")]
    [TestCase("""{"lobbyEnabled":"yes"}""", "lobbyEnabled")]
    [TestCase("""{"visitorsEnabled":1}""", "visitorsEnabled")]
    [TestCase("""{"autoAudioRecording":true}""", "autoAudioRecording")]
    [TestCase("""[1]""", "settings")]
    [TestCase("""not json""", "settings")]
    public async Task InvalidWrite_Is400NamingTheFieldAndChangesNothing(string body, string field)
    {
        using var refused = await SendAsync(HttpMethod.Put, "/api/room-settings/app-bad/room", body);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { field }));
        Assert.That(await host.CountAsync("room_settings WHERE app_id = 'app-bad'"), Is.Zero);
    }

    [TestCase("app1%2Fx")]
    [TestCase("app1%2fx")]
    public async Task AppIdWithAnEncodedSlash_Is400NamingAppIdAndChangesNothing(string appId)
    {
        using var refused = await SendAsync(HttpMethod.Put, $"/api/room-settings/{appId}/room", """{"lobbyEnabled":true}""");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "appId" }));
        Assert.That(await host.CountAsync("room_settings WHERE app_id LIKE 'app1%'"), Is.Zero);
    }

    [TestCase("a%2Fb", "a/b")]
    [TestCase("a%2fb", "a%2Fb")]
    [TestCase("a/b", "a%2fb")]
    public async Task RoomWithASlash_IsOneRuleHoweverTheSlashIsSpelled(string putAs, string deleteAs)
    {
        using var put = await SendAsync(HttpMethod.Put, $"/api/room-settings/app-slash/{putAs}", """{"maxOccupants":7}""");
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        Assert.That(await host.QueryAsync<string>("SELECT room FROM room_settings WHERE app_id = 'app-slash'"), Is.EqualTo(new[] { "a/b" }));
        using var provisioned = await ProvisionAsync("app-slash/a/b");
        Assert.That(await provisioned.Content.ReadAsStringAsync(), Is.EqualTo("""{"maxOccupants":7}"""));
        using var get = await SendAsync(HttpMethod.Get, $"/api/room-settings/app-slash/{deleteAs}");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var delete = await SendAsync(HttpMethod.Delete, $"/api/room-settings/app-slash/{deleteAs}");
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await host.CountAsync("room_settings WHERE app_id = 'app-slash'"), Is.Zero);
    }

    [Test]
    public async Task GlobalDefaultWithARoom_IsRefused()
    {
        using var refused = await SendAsync(HttpMethod.Put, "/api/room-settings/*/room", """{"lobbyEnabled":true}""");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task WhileTheDatabaseFileIsImmutable_PutAndDeleteAre503WithRetryAfter_AndTheRuleIsAsItWas()
    {
        using var other = new TempFolder("settings-immutable");
        var settings = IngressTestHost.DefaultSettings(other);
        settings["Api:Keys:0"] = Key;
        await using var instance = await IngressTestHost.StartAsync(settings);
        using (var first = await SendAsync(instance.Client, HttpMethod.Put, "/api/room-settings/app-ro/room", """{"maxOccupants":5}"""))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // chattr +i: nobody may write the file or its WAL, root included (a full disk or a read-only remount).
        var file = new SqliteConnectionStringBuilder(settings["Ingress:Database:ConnectionString"]).DataSource;
        if (!await Chattr.RunAsync("+i", file, file + "-wal"))
        {
            Assert.Ignore("chattr +i is not possible here (it needs root and a file system with the immutable flag).");
        }

        HttpResponseMessage put, delete;
        try
        {
            put = await SendAsync(instance.Client, HttpMethod.Put, "/api/room-settings/app-ro/room", """{"maxOccupants":6}""");
            delete = await SendAsync(instance.Client, HttpMethod.Delete, "/api/room-settings/app-ro/room");
        }
        finally
        {
            await Chattr.RunAsync("-i", file, file + "-wal");
        }

        await AssertNotStoredAsync(put);
        await AssertNotStoredAsync(delete);
        using var get = await SendAsync(instance.Client, HttpMethod.Get, "/api/room-settings/app-ro/room");
        Assert.That(await get.Content.ReadAsStringAsync(), Is.EqualTo("""{"maxOccupants":5}"""), "the rule is as it was");
        using var provisioned = await SettingsProvisioningTests.PostSignedAsync(instance.Client, """{"fqn":"app-ro/room"}""");
        Assert.That(await provisioned.Content.ReadAsStringAsync(), Is.EqualTo("""{"maxOccupants":5}"""));
    }

    [Test]
    public async Task WhileAnotherWriterHoldsTheDatabase_PutIs503WithRetryAfter()
    {
        // No root needed: another connection holds SQLite's write lock; the PUT waits out the busy timeout (10 s).
        using var other = new TempFolder("settings-locked");
        var settings = IngressTestHost.DefaultSettings(other);
        settings["Api:Keys:0"] = Key;
        // The relay's polls are writers too, each waiting out the same busy timeout ahead of the PUT: not during this test.
        settings["Ingress:Relay:PollInterval"] = "1.00:00:00";
        await using var instance = await IngressTestHost.StartAsync(settings);

        HttpResponseMessage put;
        await using (var locker = new SqliteConnection(settings["Ingress:Database:ConnectionString"] + ";Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            put = await SendAsync(instance.Client, HttpMethod.Put, "/api/room-settings/app-locked/room", """{"maxOccupants":6}""");
        }

        await AssertNotStoredAsync(put);
        Assert.That(await instance.CountAsync("room_settings WHERE app_id = 'app-locked'"), Is.Zero);
    }

    private static async Task AssertNotStoredAsync(HttpResponseMessage refused)
    {
        using (refused)
        {
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), problem.ToJsonString());
                Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(RoomSettingsAdminApi.RetryAfterSeconds)));
                Assert.That((string?)problem["title"], Is.EqualTo("Room settings change not stored"));
            }
        }
    }

    [TestCase(null)]
    [TestCase("wrong-key-0123456789")]
    public async Task MissingOrWrongKey_Is401EvenOnLoopback(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/room-settings/app");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task NoKeysConfigured_TurnsTheApiOff()
    {
        using var other = new TempFolder("settings-admin-off");
        await using var keyless = await IngressTestHost.StartAsync(IngressTestHost.DefaultSettings(other));

        using var response = await keyless.Client.GetAsync("/api/room-settings/app");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null) => SendAsync(host.Client, method, path, body);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", Key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    private static async Task<string> ProvisionedAsync(HttpClient client, string fqn)
    {
        using var response = await SettingsProvisioningTests.PostSignedAsync(client, $$"""{"fqn":"{{fqn}}"}""");
        return await response.Content.ReadAsStringAsync();
    }

    private Task<HttpResponseMessage> ProvisionAsync(string fqn)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"fqn":"{{fqn}}"}""");
        var request = new HttpRequestMessage(HttpMethod.Post, SettingsProvisioningApi.Route) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation(JaasSignature.HeaderName, JaasSignature.Sign(Deliveries.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        return host.Client.SendAsync(request);
    }
}
