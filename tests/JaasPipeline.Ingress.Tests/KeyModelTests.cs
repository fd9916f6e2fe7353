using System.Net;
using System.Text.Json.Nodes;
using JaasPipeline.Testing;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Tests;

/// <summary>
/// The key model of docs/api.md §1 on a real ingress: the delivery log is a read API, room settings an admin API.
/// Operator keys (<c>Api:Keys</c>, <c>Api:NamedKeys</c>) open both; a read key (<c>Api:ReadKeys</c>) opens the read API
/// only; without an operator key the admin API is off, read keys or not.
/// </summary>
public sealed class KeyModelTests
{
    private const string OperatorKey = "operator-key-0123456789";
    private const string NamedOperatorKey = "named-operator-key-0123456789";
    private const string ReadKey = "finance-read-key-0123456789";
    private const string ReadAPI = "/api/deliveries";
    private const string AdminAPI = "/api/room-settings/app-keys";

    private TempFolder folder = null!;
    private IngressTestHost withOperatorKeys = null!;
    private IngressTestHost withReadKeysOnly = null!;
    private readonly CapturedLogs logs = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("key-model");
        var both = IngressTestHost.DefaultSettings(folder, "both");
        both["Api:Keys:0"] = OperatorKey;
        both["Api:NamedKeys:ops-alice"] = NamedOperatorKey;
        both["Api:ReadKeys:0"] = ReadKey;
        withOperatorKeys = await IngressTestHost.StartAsync(both, configure: builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        });

        var readOnly = IngressTestHost.DefaultSettings(folder, "read-only");
        readOnly["Api:ReadKeys:0"] = ReadKey;
        withReadKeysOnly = await IngressTestHost.StartAsync(readOnly);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await withOperatorKeys.DisposeAsync();
        await withReadKeysOnly.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task ReadKey_ReadsButIsRefused403OnAnAdminApi()
    {
        Assert.That((await SendAsync(withOperatorKeys, ReadAPI, ReadKey)).Status, Is.EqualTo(HttpStatusCode.OK));

        var (status, problem) = await SendAsync(withOperatorKeys, AdminAPI, ReadKey);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)problem!["title"], Is.EqualTo("Operator key required"));
        Assert.That((string?)problem["detail"], Does.Contain("Api:ReadKeys").And.Not.Contain(ReadKey));
    }

    [TestCase(OperatorKey)]
    [TestCase(NamedOperatorKey)]
    public async Task OperatorKey_ReadsAndAdministers(string key)
    {
        Assert.That((await SendAsync(withOperatorKeys, ReadAPI, key)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await SendAsync(withOperatorKeys, AdminAPI, key)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(null)]
    [TestCase("unknown-key-0123456789")]
    public async Task MissingOrUnknownKey_Is401OnBoth(string? key)
    {
        Assert.That((await SendAsync(withOperatorKeys, ReadAPI, key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await SendAsync(withOperatorKeys, AdminAPI, key)).Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task NoOperatorKey_AdminApiIsOff404EvenWithReadKeys()
    {
        Assert.That((await SendAsync(withReadKeysOnly, ReadAPI, ReadKey)).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await SendAsync(withReadKeysOnly, ReadAPI, null)).Status, Is.EqualTo(HttpStatusCode.Unauthorized),
            "a read key configured: the read API is no longer loopback-open");

        foreach (var key in new[] { ReadKey, OperatorKey })
        {
            var (status, problem) = await SendAsync(withReadKeysOnly, AdminAPI, key);

            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((string?)problem!["title"], Does.EndWith(" off"));
            Assert.That((string?)problem["detail"], Does.Contain("Api:Keys").And.Contain("Api:NamedKeys"));
        }
    }

    [Test]
    public async Task Keys_NeverReachALogOrAnAnswer()
    {
        var answers = new List<string>();
        foreach (var key in new string?[] { OperatorKey, NamedOperatorKey, ReadKey, "unknown-key-0123456789", null })
        {
            foreach (var route in new[] { ReadAPI, AdminAPI })
            {
                answers.Add((await SendAsync(withOperatorKeys, route, key)).Problem?.ToJsonString() ?? "");
            }
        }

        var everything = string.Join('\n', logs.Lines.Concat(answers));
        Assert.That(everything, Does.Not.Contain(OperatorKey).And.Not.Contain(NamedOperatorKey).And.Not.Contain(ReadKey));
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Problem)> SendAsync(IngressTestHost host, string route, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await host.Client.SendAsync(request);
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())
            : null;
        return (response.StatusCode, problem);
    }
}
