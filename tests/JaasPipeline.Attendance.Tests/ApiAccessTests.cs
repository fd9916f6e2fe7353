using System.Net;
using JaasPipeline.Testing;

namespace JaasPipeline.Attendance.Tests;

/// <summary>The attendance API is personal data: with keys configured, no key, no data.</summary>
public sealed class ApiAccessTests
{
    private const string Key = "finance-team-key-0123456789";
    private TempFolder folder = null!;
    private AttendanceTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartWithKeys()
    {
        folder = new TempFolder();
        host = await AttendanceTestHost.StartAsync(folder, new Dictionary<string, string?> { ["Api:Keys:0"] = Key });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [TestCase(null)]
    [TestCase("wrong-key-0123456789abcdef")]
    public async Task MissingOrWrongKey_Is401(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/attendance/meetings");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task RightKey_IsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/attendance/meetings");
        request.Headers.Add("X-Api-Key", Key);

        var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WebhookAndHealth_NeedNoApiKey()
    {
        // DeliverAsync asserts the 200 itself: JaaS authenticates with its signature, not with an API key.
        await host.DeliverAsync(MeetingScenario.Deliveries("api-access-" + Guid.NewGuid().ToString("N"))[0]);

        Assert.That((await host.Client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
