using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// docs/api.md held over every endpoint: a Standalone with keys gets a small meeting (and a rejected delivery, and a
/// room rule), then every GET its OpenAPI document lists is called with known and unknown path values and without a
/// key, and every answer is checked against the convention. Each broken rule is reported as "endpoint [variant]: rule".
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed partial class ApiConventionTests
{
    private const string Key = "api-convention-key-00000000";
    private const string Secret = "whsec_host_tests_0000000000000000";
    private const string Customer = "c1";
    private const string AppId = "vpaas-magic-cookie-c1";
    private const string Room = "room";
    private static readonly string SessionId = "convention-" + Guid.NewGuid().ToString("N");

    private TempFolder folder = null!;
    private ServiceProcess standalone = null!;
    private JsonElement openApi;

    [OneTimeSetUp]
    public async Task StartAndFeed()
    {
        folder = new TempFolder("api-convention");
        var settings = HostProgram.Standalone.SelfContainedSettings(folder.Path);
        settings["Api__Keys__0"] = Key;
        standalone = await ServiceProcess.StartAsync(HostProgram.Standalone.Dll, folder.Path, settings);

        // A name with the characters a relaxed encoder keeps as they are (docs/api.md §2).
        string[] deliveries =
        [
            Event("ROOM_CREATED", 0, """{"conference":"c"}"""),
            Event("PARTICIPANT_JOINED", 10, """{"participantId":"p1","name":"Jo O'Brien <&>","participantJid":"p1@8x8.vc"}"""),
            Event("PARTICIPANT_LEFT", 70, """{"participantId":"p1","disconnectReason":"left"}"""),
            Event("ROOM_DESTROYED", 100, """{"conference":"c"}"""),
        ];
        foreach (var delivery in deliveries)
        {
            await SignedDelivery.DeliverAsync(standalone.Client, Secret, delivery);
        }

        // Not JSON: refused, and kept in the delivery log with the parser's reason (which quotes the bad character).
        using (var refused = await SignedDelivery.PostAsync(standalone.Client, Secret, "not json"))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using (var rule = await SendAsync(HttpMethod.Put, $"/api/room-settings/{AppId}/{Room}", withKey: true, """{"lobbyEnabled":true}"""))
        {
            Assert.That(rule.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Eventually.WaitUntilAsync(async () =>
        {
            using var attendance = await SendAsync(HttpMethod.Get, $"/api/attendance/{SessionId}", withKey: true);
            return attendance.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), "attendance knows the meeting");

        openApi = JsonDocument.Parse(await standalone.Client.GetStringAsync("/openapi/v1.json")).RootElement.Clone();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await standalone.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task EveryGetEndpoint_FollowsTheApiConvention()
    {
        var broken = new List<string>();
        var walked = 0;
        foreach (var (path, operation) in GetOperations())
        {
            foreach (var (variant, url, withKey, expected) in Variants(path, operation))
            {
                using var response = await SendAsync(HttpMethod.Get, url, withKey);
                walked++;
                broken.AddRange((await CheckAsync(response, path, expected)).Select(rule => $"GET {path} [{variant}]: {rule}"));
            }
        }

        Assert.That(walked, Is.GreaterThan(20), "the walk found the endpoints");
        Assert.That(broken, Is.Empty, $"{broken.Count} convention breaks (docs/api.md):\n  " + string.Join("\n  ", broken));
    }

    [Test]
    public void EveryConsumerService_ListsItsMeetings()
    {
        var described = GetOperations().Select(operation => operation.Path).ToHashSet();
        string[] lists = ["/api/attendance/meetings", "/api/artifacts/meetings", "/api/transcripts/meetings", "/api/analytics/meetings"];

        Assert.That(lists.Where(list => !described.Contains(list)), Is.Empty, "docs/api.md §5: GET /api/<service>/meetings is missing for");
    }

    private IEnumerable<(string Path, JsonElement Operation)> GetOperations() =>
        openApi.GetProperty("paths").EnumerateObject()
            .Where(path => path.Value.TryGetProperty("get", out _))
            .Select(path => (path.Name, path.Value.GetProperty("get")));

    /// <summary>
    /// The calls made to one endpoint: every path parameter known, each one unknown in turn (an unknown meeting or
    /// customer must be 404), and without a key when the endpoint needs one (401).
    /// </summary>
    private static IEnumerable<(string Variant, string Url, bool WithKey, HttpStatusCode? Expected)> Variants(string path, JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var declared) ? declared.EnumerateArray().ToList() : [];
        var pathNames = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList();
        // Required query parameters get a value, and so does a month (the usage of a known customer is in 2023-11).
        var query = string.Join('&', parameters
            .Where(p => p.GetProperty("in").GetString() == "query"
                && ((p.TryGetProperty("required", out var required) && required.GetBoolean()) || p.GetProperty("name").GetString() == "month"))
            .Select(p => p.GetProperty("name").GetString()!)
            .Select(name => $"{name}={Uri.EscapeDataString(QueryValue(name))}"));
        string Url(string? unknown) =>
            pathNames.Aggregate(path, (url, name) => url.Replace("{" + name + "}", Uri.EscapeDataString(name == unknown ? "no-such-" + name : KnownValue(name)), StringComparison.Ordinal))
            + (query.Length > 0 ? "?" + query : "");

        yield return ("known", Url(null), true, null);
        foreach (var name in pathNames)
        {
            yield return ($"unknown {name}", Url(name), true, name is "sessionId" or "customerId" ? HttpStatusCode.NotFound : null);
        }

        if (operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0)
        {
            yield return ("no key", Url(null), false, HttpStatusCode.Unauthorized);
        }
    }

    private static string KnownValue(string parameter) => parameter switch
    {
        "sessionId" => SessionId,
        "customerId" => Customer,
        "appId" => AppId,
        "room" => Room,
        _ => "x",
    };

    private static string QueryValue(string parameter) => parameter switch
    {
        "month" => "2023-11",
        "q" => "Jo",
        _ => "x",
    };

    /// <summary>The rules one answer breaks.</summary>
    private static async Task<List<string>> CheckAsync(HttpResponseMessage response, string path, HttpStatusCode? expected)
    {
        var broken = new List<string>();
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (status >= 500)
        {
            broken.Add($"§6 never a 5xx for a read (got {status}: {Shorten(text)})");
        }

        if (expected is { } want && response.StatusCode != want)
        {
            broken.Add($"§6 expected {(int)want} (got {status}: {Shorten(text)})");
        }

        if (!response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) || !sniff.Contains("nosniff"))
        {
            broken.Add("§2 X-Content-Type-Options: nosniff is missing");
        }

        if (status is >= 400 and < 500)
        {
            CheckProblem(broken, status, mediaType, text);
        }

        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            CheckJson(broken, path, text);
        }

        return broken;
    }

    private static void CheckProblem(List<string> broken, int status, string mediaType, string text)
    {
        if (mediaType != "application/problem+json")
        {
            broken.Add($"§6 a {status} is application/problem+json (got '{mediaType}')");
            return;
        }

        var problem = JsonDocument.Parse(text).RootElement;
        if (!problem.TryGetProperty("status", out var said) || said.ValueKind != JsonValueKind.Number || said.GetInt32() != status)
        {
            broken.Add($"§6 a problem has status {status}");
        }

        if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
        {
            broken.Add("§6 a problem has a title");
        }
    }

    private static void CheckJson(List<string> broken, string path, string text)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException exception)
        {
            broken.Add($"§2 the answer is JSON ({exception.Message})");
            return;
        }

        if (EscapedReadable().Match(text) is { Success: true } escaped)
        {
            broken.Add($"§2 ' < > & are written as they are (found {escaped.Value})");
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            broken.Add("§5 a list is an object {items, next}, not a bare array");
        }
        else if (root.ValueKind == JsonValueKind.Object && path != "/health/ready")
        {
            var names = root.EnumerateObject().Select(p => p.Name).ToHashSet();
            if (names.Contains("items") || names.Contains("next") || names.Overlaps(OtherPaging))
            {
                if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array
                    || !root.TryGetProperty("next", out var next) || next.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    broken.Add("§5 a list is {items: [...], next: cursor or null}");
                }

                if (names.Overlaps(OtherPaging))
                {
                    broken.Add($"§5 one paging style, items and next (found {string.Join(", ", names.Intersect(OtherPaging))})");
                }
            }
        }

        foreach (var (where, value) in Strings(root, "$"))
        {
            if (TimeLike().IsMatch(value) && !Instant().IsMatch(value))
            {
                broken.Add($"§3 {where} = \"{value}\" is an instant in UTC with milliseconds (2026-11-23T10:00:41.110Z)");
            }

            if (value.TrimStart() is ['{' or '[', ..] && IsJsonContainer(value))
            {
                broken.Add($"§2 {where} holds JSON inside a string: {Shorten(value)}");
            }
        }
    }

    private static readonly string[] OtherPaging = ["page", "pageSize", "hasMore", "truncated", "total"];

    private static IEnumerable<(string Where, string Value)> Strings(JsonElement element, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return (where, element.GetString()!);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var found in Strings(item, $"{where}[{index++}]"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var found in Strings(property.Value, $"{where}.{property.Name}"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    private static bool IsJsonContainer(string value)
    {
        try
        {
            return JsonDocument.Parse(value).RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, bool withKey, string? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (withKey)
        {
            request.Headers.Add("X-Api-Key", Key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return standalone.Client.SendAsync(request);
    }

    private static string Event(string eventType, int seconds, string data) =>
        $$$"""{"idempotencyKey":"{{{SessionId}}}-{{{eventType}}}","customerId":"{{{Customer}}}","eventType":"{{{eventType}}}","sessionId":"{{{SessionId}}}","timestamp":{{{1_700_000_000_000 + seconds * 1000L}}},"fqn":"{{{AppId}}}/{{{Room}}}","data":{{{data}}}}""";

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT")]
    private static partial Regex TimeLike();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex Instant();

    [GeneratedRegex(@"\\u00(27|3[cCeE]|26)")]
    private static partial Regex EscapedReadable();
}
