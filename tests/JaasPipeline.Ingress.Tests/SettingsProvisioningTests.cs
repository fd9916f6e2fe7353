using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JaasPipeline.Contracts;
using JaasPipeline.Ingress.RoomSettings;
using JaasPipeline.Ingress.Webhooks;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Tests;

/// <summary><c>POST /settings-provisioning</c> on a real ingress: answers, refusals, authentication, refresh.</summary>
public sealed class SettingsProvisioningTests
{
    private const string App = "vpaas-magic-cookie-1";
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("settings");
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["SettingsProvisioning:EmitLegacyTranscriber"] = "true";
        host = await IngressTestHost.StartAsync(settings);
        var store = host.Services.GetRequiredService<RoomSettingsStore>();
        await store.ChangeAsync(App, "*", new SettingsProvisioningResponse { LobbyEnabled = true, MaxOccupants = 20 }, "test", CancellationToken.None);
        await store.ChangeAsync(App, "board-1", new SettingsProvisioningResponse { Passcode = "0042", TranscriberType = "EGHT_WHISPER" }, "test", CancellationToken.None);
        await host.Services.GetRequiredService<RoomSettingsSnapshot>().RefreshAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task KnownRoom_IsAnsweredWithMergedSettingsUnderTheReferenceNames()
    {
        using var response = await PostSignedAsync(host.Client, """{"fqn":"vpaas-magic-cookie-1/board-1"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(json.Select(p => p.Key), Is.EquivalentTo(new[] { "lobbyEnabled", "passcode", "maxOccupants", "transcriberType", "transcriber" }));
        Assert.That((string?)json["passcode"], Is.EqualTo("0042"));
        Assert.That((bool?)json["lobbyEnabled"], Is.True);
        Assert.That((int?)json["maxOccupants"], Is.EqualTo(20));
        Assert.That((string?)json["transcriber"], Is.EqualTo("EGHT_WHISPER"));
    }

    [Test]
    public async Task UnknownApp_IsAnsweredWithAnEmptyObject()
    {
        using var response = await PostSignedAsync(host.Client, """{"fqn":"unknown-app/room"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task Calls_AreCountedByOutcomeAndLevelAndTimed()
    {
        var before = await PrometheusScrape.ReadAsync(host.Client);

        (await PostSignedAsync(host.Client, """{"fqn":"vpaas-magic-cookie-1/board-1"}""")).Dispose();
        (await PostSignedAsync(host.Client, """{"fqn":"vpaas-magic-cookie-1/other-room"}""")).Dispose();
        (await PostSignedAsync(host.Client, """{"fqn":"unknown-app/room"}""")).Dispose();
        (await PostSignedAsync(host.Client, """{"fqn":"no-slash"}""")).Dispose();
        (await PostAsync(host.Client, """{"fqn":"a/b"}""", signature: null, authorization: null)).Dispose();

        var after = await PrometheusScrape.ReadAsync(host.Client);
        const string calls = "jaas_settings_provisioning_calls_total";
        Assert.Multiple(() =>
        {
            Assert.That(after.Delta(before, calls, "level=\"exact\",outcome=\"answered\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, calls, "level=\"app_default\",outcome=\"answered\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, calls, "level=\"none\",outcome=\"answered\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, calls, "outcome=\"invalid\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, calls, "outcome=\"unauthenticated\""), Is.EqualTo(1));
            Assert.That(after.Delta(before, "jaas_settings_provisioning_duration_seconds_count", "outcome=\"answered\""), Is.EqualTo(3));
            // Sub-second buckets (OpenTelemetry's defaults start at 5 s): the layout is what this checks, not a speed.
            Assert.That(after.Delta(before, "jaas_settings_provisioning_duration_seconds_bucket", "outcome=\"answered\",le=\"1\""), Is.EqualTo(3));
        });
    }

    [TestCase("{}")]
    [TestCase("""{"fqn":""}""")]
    [TestCase("""{"fqn":null}""")]
    [TestCase("""{"fqn":"no-slash"}""")]
    [TestCase("""{"fqn":"/room"}""")]
    [TestCase("""{"fqn":"app/"}""")]
    [TestCase("""{"fqn":42}""")]
    [TestCase("not json")]
    [TestCase("null")]
    public async Task MissingOrMalformedFqn_IsAnswered400Problem(string body)
    {
        using var response = await PostSignedAsync(host.Client, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("fqn"));
    }

    [Test]
    public async Task RoomNameLongerThanTheBound_Is400ProblemAndCounted()
    {
        // A host of its own: this host's /metrics stops showing the ingress meter once another host of the fixture is disposed.
        using var other = new TempFolder("settings-long");
        await using var instance = await IngressTestHost.StartAsync(IngressTestHost.DefaultSettings(other));
        var before = await PrometheusScrape.ReadAsync(instance.Client);
        var longest = new string('r', SettingsProvisioningOptions.DefaultMaxRoomNameLength);

        using var atTheBound = await PostSignedAsync(instance.Client, $$"""{"fqn":"{{App}}/{{longest}}"}""");
        using var beyond = await PostSignedAsync(instance.Client, $$"""{"fqn":"{{App}}/{{longest}}r"}""");
        // The bait: 15 KB of a's, as if to be matched against *a…ab rules.
        using var bait = await PostSignedAsync(instance.Client, $$"""{"fqn":"{{App}}/{{new string('a', 15_000)}}"}""");

        var after = await PrometheusScrape.ReadAsync(instance.Client);
        Assert.That(atTheBound.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var refused in new[] { beyond, bait })
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.That((string?)problem["title"], Is.EqualTo("Room name too long"));
            Assert.That((string?)problem["errors"]!["fqn"]![0], Does.Contain("SettingsProvisioning:MaxRoomNameLength"));
        }

        Assert.That(after.Delta(before, "jaas_settings_provisioning_calls_total", "outcome=\"room_too_long\""), Is.EqualTo(2));
    }

    [TestCase(null)]
    [TestCase("t=1,v1=AAAA")]
    public async Task SecretConfiguredAndNoValidSignature_IsAnswered401Problem(string? signature)
    {
        using var response = await PostAsync(host.Client, """{"fqn":"vpaas-magic-cookie-1/board-1"}""", signature, authorization: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("0042"));
    }

    [Test]
    public async Task RequiredAuthorizationConfigured_AcceptsTheHeaderWithoutSignatureAndRefusesOthers()
    {
        using var other = new TempFolder("settings-auth");
        var settings = IngressTestHost.DefaultSettings(other);
        settings["Ingress:RequiredAuthorization"] = "Bearer provisioning-token";
        await using var authorized = await IngressTestHost.StartAsync(settings);

        using var withHeader = await PostAsync(authorized.Client, """{"fqn":"a/b"}""", signature: null, authorization: "Bearer provisioning-token");
        using var wrongHeader = await PostAsync(authorized.Client, """{"fqn":"a/b"}""", signature: null, authorization: "Bearer wrong");
        using var signedOnly = await PostSignedAsync(authorized.Client, """{"fqn":"a/b"}""");

        Assert.That(withHeader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(wrongHeader.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(signedOnly.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a valid signature is enough too");
    }

    // Open on loopback (the test host listens on 127.0.0.1); beyond loopback the host refuses to start unless
    // AllowUnauthenticated is set (StartupFailureTests in the Hosts tests, as a child process).
    [TestCase(null)]
    [TestCase("true")]
    public async Task NothingConfiguredOnLoopback_IsAnswered(string? allow)
    {
        using var other = new TempFolder("settings-open");
        var settings = IngressTestHost.DefaultSettings(other);
        settings.Remove("Ingress:WebhookSecrets:0");
        settings["Ingress:AllowUnsigned"] = "true";
        settings["SettingsProvisioning:AllowUnauthenticated"] = allow;
        await using var open = await IngressTestHost.StartAsync(settings);

        using var response = await PostAsync(open.Client, """{"fqn":"a/b"}""", signature: null, authorization: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ChangeOnOneInstance_IsAnsweredBySecondAfterRefresh()
    {
        using var other = new TempFolder("settings-shared");
        var settings = IngressTestHost.DefaultSettings(other);
        settings["SettingsProvisioning:RefreshInterval"] = "00:00:00.200";
        await using var first = await IngressTestHost.StartAsync(settings);
        await using var second = await IngressTestHost.StartAsync(settings);

        await first.Services.GetRequiredService<RoomSettingsStore>().ChangeAsync(
            App, "shared-*", new SettingsProvisioningResponse { MaxOccupants = 99 }, "test", CancellationToken.None);

        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await PostSignedAsync(second.Client, """{"fqn":"vpaas-magic-cookie-1/shared-room"}""");
            return await response.Content.ReadAsStringAsync() == """{"maxOccupants":99}""";
        }, TimeSpan.FromSeconds(20), "the second instance answers the rule written through the first");
    }

    [Test]
    public async Task DatabaseGoneAfterLoad_IsStillAnsweredFromTheSnapshot()
    {
        using var other = new TempFolder("settings-down");
        var settings = IngressTestHost.DefaultSettings(other);
        await using var instance = await IngressTestHost.StartAsync(settings);
        await instance.Services.GetRequiredService<RoomSettingsStore>().ChangeAsync(
            App, "r", new SettingsProvisioningResponse { Passcode = "7" }, "test", CancellationToken.None);
        await instance.Services.GetRequiredService<RoomSettingsSnapshot>().RefreshAsync(CancellationToken.None);
        await using (var connection = await instance.Database.OpenAsync())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE room_settings";
            await command.ExecuteNonQueryAsync();
        }

        using var response = await PostSignedAsync(instance.Client, """{"fqn":"vpaas-magic-cookie-1/r"}""");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"passcode":"7"}"""));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task RulesKeptOnDisk_AreReadableByTheOwnerOnly()
    {
        using var other = new TempFolder("settings-mode");
        var settings = IngressTestHost.DefaultSettings(other);
        var path = settings["SettingsProvisioning:SnapshotFile"]!;
        // A leftover of an interrupted write, world-readable, must not pass its mode on.
        await File.WriteAllTextAsync(path + ".tmp", "[]");
        File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var instance = await IngressTestHost.StartAsync(settings);
        await instance.Services.GetRequiredService<RoomSettingsStore>().ChangeAsync(
            App, "secret", new SettingsProvisioningResponse { Passcode = "4711" }, "test", CancellationToken.None);
        await instance.Services.GetRequiredService<RoomSettingsSnapshot>().RefreshAsync(CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(path), Does.Contain("4711"), "the passcode is in the file");
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "0600: passcodes");
    }

    [Test]
    public async Task DatabaseUnreadableAtStartUp_ServesTheRulesKeptOnDiskAndSaysSoInReadiness()
    {
        using var other = new TempFolder("settings-disk");
        var settings = IngressTestHost.DefaultSettings(other);
        await using (var before = await IngressTestHost.StartAsync(settings))
        {
            await before.Services.GetRequiredService<RoomSettingsStore>().ChangeAsync(
                App, "kept", new SettingsProvisioningResponse { Passcode = "9" }, "test", CancellationToken.None);
            await before.Services.GetRequiredService<RoomSettingsSnapshot>().RefreshAsync(CancellationToken.None);
            await using var connection = await before.Database.OpenAsync();
            using var command = connection.CreateCommand();
            // Migrations are recorded as applied, so the restarted host cannot read its rules.
            command.CommandText = "DROP TABLE room_settings";
            await command.ExecuteNonQueryAsync();
        }

        await using var after = await IngressTestHost.StartAsync(settings);
        using var response = await PostSignedAsync(after.Client, """{"fqn":"vpaas-magic-cookie-1/kept"}""");
        var ready = await after.Client.GetStringAsync("/health/ready");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"passcode":"9"}"""));
        Assert.That(ready, Does.Contain(RoomSettingsSnapshot.HealthCheckName).And.Contain("kept in"));
    }

    [Test]
    public async Task Change_IsKeptInTheAuditTableWithBeforeAndAfter()
    {
        var store = host.Services.GetRequiredService<RoomSettingsStore>();
        await store.ChangeAsync(App, "audited", new SettingsProvisioningResponse { MaxOccupants = 3 }, "key-a", CancellationToken.None);
        await store.ChangeAsync(App, "audited", null, "key-b", CancellationToken.None);

        var rows = await host.QueryAsync<(string ChangedBy, string? Before, string? After)>(
            "SELECT changed_by, before_settings, after_settings FROM room_settings_audit WHERE room = 'audited' ORDER BY id");

        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0], Is.EqualTo(("key-a", (string?)null, (string?)"""{"maxOccupants":3}""")));
        Assert.That(rows[1], Is.EqualTo(("key-b", (string?)"""{"maxOccupants":3}""", (string?)null)));
    }

    internal static Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string body) =>
        PostAsync(client, body, JaasSignature.Sign(Deliveries.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body)), null);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? signature, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SettingsProvisioningApi.Route) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(JaasSignature.HeaderName, signature);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return client.SendAsync(request);
    }
}
