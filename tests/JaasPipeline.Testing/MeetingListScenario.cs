using System.Globalization;
using System.Net;
using System.Text.Json;

namespace JaasPipeline.Testing;

/// <summary>
/// The list of meetings every consumer service has (docs/api.md §5), checked over real HTTP: five meetings of two apps and
/// two rooms, in a window of time of their own (so meetings of other tests do not show), each made of two events that
/// <see cref="Deliver"/> sends as the service receives them.
/// </summary>
/// <param name="Client">The host's client.</param>
/// <param name="Path">The list's route, e.g. <c>/api/attendance/meetings</c>.</param>
/// <param name="Deliver">Sends one event of the meeting (sessionId, fqn, timestamp) to the service.</param>
public sealed record MeetingListScenario(HttpClient Client, string Path, Func<string, string, DateTimeOffset, Task> Deliver)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The window's start: a different hour of 2025 per scenario.</summary>
    public DateTimeOffset T0 { get; } = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(0, 8000));

    public string AppId { get; } = "vpaas-magic-cookie-" + Guid.NewGuid().ToString("N")[..12];

    public string OtherAppId { get; } = "vpaas-magic-cookie-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Meeting k: first event at T0 + 10k s, last 5.25 s later.</summary>
    public async Task<string> AddMeetingAsync(int k, string appId, string room)
    {
        var sessionId = $"list-{k}-{Guid.NewGuid():N}";
        var fqn = appId + "/" + room;
        await Deliver(sessionId, fqn, FirstAt(k));
        await Deliver(sessionId, fqn, LastAt(k));
        return sessionId;
    }

    public DateTimeOffset FirstAt(int k) => T0.AddSeconds(10 * k);

    public DateTimeOffset LastAt(int k) => FirstAt(k).AddMilliseconds(5250);

    public string Window => $"from={Q(T0)}&to={Q(T0.AddHours(1))}";

    /// <summary>Waits until the window lists <paramref name="count"/> meetings whose last event is in; a time-out names what was listed.</summary>
    public async Task WaitForAsync(int count)
    {
        var listed = "nothing yet";
        var giveUpAt = DateTime.UtcNow + Deadline;
        while (true)
        {
            var page = await PageAsync($"{Window}&limit=500");
            listed = string.Join(", ", page.Items.Select(item => $"{item.GetProperty("sessionId").GetString()} last {item.GetProperty("lastEventAt").GetString()}"));
            if (page.Items.Count == count && page.Items.All(item => item.GetProperty("lastEventAt").GetString()!.EndsWith(".250Z", StringComparison.Ordinal)))
            {
                return;
            }

            if (DateTime.UtcNow > giveUpAt)
            {
                Assert.Fail($"Timed out after {Deadline} waiting until {count} meetings are listed in {Window} with their last event; listed: [{listed}]");
            }

            await Task.Delay(50); // polling for the consumer's commits, bounded by the deadline (as Eventually does)
        }
    }

    public async Task<(List<JsonElement> Items, string? Next)> PageAsync(string query)
    {
        var response = await Client.GetAsync($"{Path}?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = body.RootElement.GetProperty("items").EnumerateArray().Select(item => item.Clone()).ToList();
        var next = body.RootElement.GetProperty("next");
        return (items, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    public async Task<List<string>> SessionsAsync(string query) =>
        (await PageAsync(query)).Items.Select(item => item.GetProperty("sessionId").GetString()!).ToList();

    public static string Q(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));

    /// <summary>The whole check: order, fields, filters, keyset paging with a meeting added between pages, bad input.</summary>
    public async Task RunAsync()
    {
        var m1 = await AddMeetingAsync(1, AppId, "room-a");
        var m2 = await AddMeetingAsync(2, AppId, "room-b");
        var m3 = await AddMeetingAsync(3, AppId, "room-a");
        var m4 = await AddMeetingAsync(4, OtherAppId, "room-a");
        await WaitForAsync(4);

        var (all, lastNext) = await PageAsync(Window);
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(item => item.GetProperty("sessionId").GetString()), Is.EqualTo(new[] { m4, m3, m2, m1 }), "newest first by last event");
            Assert.That(lastNext, Is.Null, "one page holds them all");
            var first = all[3];
            Assert.That(first.GetProperty("fqn").GetString(), Is.EqualTo(AppId + "/room-a"));
            Assert.That(first.GetProperty("appId").GetString(), Is.EqualTo(AppId));
            Assert.That(first.GetProperty("room").GetString(), Is.EqualTo("room-a"));
            Assert.That(first.GetProperty("firstEventAt").GetString(), Is.EqualTo(FirstAt(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.000Z'", CultureInfo.InvariantCulture)));
            Assert.That(first.GetProperty("lastEventAt").GetString(), Is.EqualTo(LastAt(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.250Z'", CultureInfo.InvariantCulture)));
        });

        Assert.That(await SessionsAsync($"{Window}&appId={AppId}"), Is.EqualTo(new[] { m3, m2, m1 }), "one app");
        Assert.That(await SessionsAsync($"{Window}&room=room-a"), Is.EqualTo(new[] { m4, m3, m1 }), "one room name, any app");
        Assert.That(await SessionsAsync($"{Window}&appId={AppId}&room=room-a"), Is.EqualTo(new[] { m3, m1 }), "one app's room");
        Assert.That(await SessionsAsync($"{Window}&appId={AppId}&room=room"), Is.Empty, "a room matches whole, not as a prefix");
        Assert.That(await SessionsAsync($"{Window}&appId={AppId[..^1]}"), Is.Empty, "an appId matches whole, not as a prefix");
        // On the last event: the window starts after meeting 2's last event and ends at meeting 3's.
        Assert.That(await SessionsAsync($"from={Q(LastAt(2).AddMilliseconds(1))}&to={Q(LastAt(3))}"), Is.EqualTo(new[] { m3 }), "last event in [from, to]");

        var page1 = await PageAsync($"{Window}&limit=2");
        Assert.That(page1.Items.Select(item => item.GetProperty("sessionId").GetString()), Is.EqualTo(new[] { m4, m3 }));
        Assert.That(page1.Next, Is.Not.Null);

        // A newer meeting written between the pages goes to the top; the next page is the one the first page promised.
        var m5 = await AddMeetingAsync(5, AppId, "room-a");
        await WaitForAsync(5);
        var page2 = await PageAsync($"{Window}&limit=2&cursor={Uri.EscapeDataString(page1.Next!)}");
        Assert.That(page2.Items.Select(item => item.GetProperty("sessionId").GetString()), Is.EqualTo(new[] { m2, m1 }));
        Assert.That(page2.Next, Is.Null, "the last page");
        Assert.That(await SessionsAsync($"{Window}&limit=1"), Is.EqualTo(new[] { m5 }));
    }

    /// <summary>A cursor this API did not write, a limit out of range and a time that is not one: 400 problems naming the parameter.</summary>
    public async Task BadQueriesAsync()
    {
        foreach (var (query, parameter) in new[]
        {
            ("cursor=not-a-cursor", "cursor"), ("cursor=WyJ4Il0", "cursor"), ("limit=0", "limit"), ("limit=501", "limit"),
            ("limit=ten", "limit"), ("from=yesterday", "from"), ("to=2026-13-01", "to"),
        })
        {
            var response = await Client.GetAsync($"{Path}?{query}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), query);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), query);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), Is.True, query);
        }
    }
}
