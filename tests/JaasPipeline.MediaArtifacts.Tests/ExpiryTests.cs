using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>A link is tried at least once; its retries stop at its expiry, then it is <c>expired</c> (the clock is moved, not waited for).</summary>
public sealed class ExpiryTests
{
    private TempFolder folder = null!;
    private MediaStorageServer server = null!;
    private MediaTestHost host = null!;

    [SetUp]
    public async Task Start()
    {
        folder = new TempFolder("media-expiry");
        server = await MediaStorageServer.StartAsync();
        host = await MediaTestHost.StartAsync(folder);
    }

    [TearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        await server.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task LinkPastItsExpiry_IsStillTriedOnce()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/files/{session}?size=100"), DateTimeOffset.UtcNow.AddHours(-25)));

        await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
    }

    [Test]
    public async Task ForbiddenAfterExpiry_IsExpiredAfterOneRequest()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/status/403?session={session}"), DateTimeOffset.UtcNow.AddHours(-25)));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Expired);
        Assert.That(row.Reason, Does.Contain("HTTP 403"));
        Assert.That(server.Requests.Count(r => r.PathAndQuery.Contains(session)), Is.EqualTo(1), "403 is not retried in-process");
    }

    [Test]
    public async Task ForbiddenBeforeExpiry_IsRetriedLaterNotFinal()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/status/404?session={session}"), DateTimeOffset.UtcNow.AddHours(-1)));

        await Eventually.WaitUntilAsync(async () => (await host.Store.OfSessionAsync(session, CancellationToken.None)) is [{ Status: ArtifactStatus.Pending, Attempts: 1 }],
            TimeSpan.FromSeconds(20), "the 404 is rescheduled");
        var row = (await host.Store.OfSessionAsync(session, CancellationToken.None)).Single();
        Assert.That(row.Reason, Does.Contain("HTTP 404"));
        Assert.That(row.NextAttemptAt, Is.GreaterThan(host.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task TransientFailures_AreRetriedWithBackOffThenExpireWithoutAnotherRequest()
    {
        var session = Events.NewSession();
        // Expires in an hour; the test host waits RetryDelay (10 min) between attempts and retries twice in-process.
        await host.DeliverAsync(Events.Recording(session, server.Url($"/status/503?session={session}"), DateTimeOffset.UtcNow.AddHours(-23)));
        await Eventually.WaitUntilAsync(async () => (await host.Store.OfSessionAsync(session, CancellationToken.None)) is [{ Status: ArtifactStatus.Pending, Attempts: 1 }],
            TimeSpan.FromSeconds(20), "the first attempt's retries are spent");
        var requests = server.Requests.Count(r => r.PathAndQuery.Contains(session));

        host.Clock.Offset = TimeSpan.FromHours(2);

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Expired);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requests, Is.EqualTo(3), "one request and two Polly retries");
            Assert.That(server.Requests.Count(r => r.PathAndQuery.Contains(session)), Is.EqualTo(requests), "no request once the link has expired");
            Assert.That(row.Reason, Does.Contain("expired"));
        }
    }

    [Test]
    public async Task StatisticsLink_LivesFortyEightHours()
    {
        var session = Events.NewSession();
        var timestamp = DateTimeOffset.UtcNow.AddHours(-1);

        await host.DeliverAsync(Events.RtcStats(session, server.Url($"/files/{session}.gz?size=10"), timestamp));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        Assert.That(row.ExpiresAt, Is.EqualTo(timestamp.AddHours(48).ToUnixTimeMilliseconds()));
        Assert.That(row.ParticipantId, Is.EqualTo("user-1"));
    }
}
