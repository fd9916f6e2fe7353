using System.Collections.Concurrent;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>A link that expired before its file was stored is announced as <see cref="ArtifactLost"/>, like a stored file is as ArtifactStored.</summary>
public sealed class ArtifactLostTests
{
    private TempFolder folder = null!;
    private MediaStorageServer server = null!;
    private MediaTestHost host = null!;
    private readonly ConcurrentQueue<ConsumeContext<ArtifactLost>> lost = new();

    [SetUp]
    public async Task Start()
    {
        folder = new TempFolder("media-lost");
        server = await MediaStorageServer.StartAsync();
        host = await MediaTestHost.StartAsync(folder);
        var handle = host.Bus.ConnectReceiveEndpoint("media-tests-artifact-lost-" + Guid.NewGuid().ToString("N"),
            endpoint => endpoint.Handler<ArtifactLost>(context =>
            {
                lost.Enqueue(context);
                return Task.CompletedTask;
            }));
        await handle.Ready;
    }

    [TearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        await server.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task LinkExpiredBeforeStored_IsPublishedAsLostWithItsReasonOnce()
    {
        var session = Events.NewSession();
        var sent = Events.Recording(session, server.Url($"/status/403?session={session}"), DateTimeOffset.UtcNow.AddHours(-25));

        await host.DeliverAsync(sent);

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Expired);
        await Eventually.WaitUntilAsync(() => Task.FromResult(lost.Any(c => c.Message.SessionId == session)), TimeSpan.FromSeconds(30), "ArtifactLost is published");
        await Eventually.WaitUntilAsync(async () => (await host.Store.GetAsync(row.ArtifactId, CancellationToken.None))?.PublishedAt is not null,
            TimeSpan.FromSeconds(30), "the expired row is marked published");
        var message = lost.Single(c => c.Message.SessionId == session);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.MessageId, Is.EqualTo(Guid.Parse(row.ArtifactId)), "the artifact's id, so the inboxes drop a republish");
            Assert.That(message.Message.ArtifactId, Is.EqualTo(Guid.Parse(row.ArtifactId)));
            Assert.That(message.Message.Kind, Is.EqualTo(ArtifactKinds.Recording));
            Assert.That(message.Message.EventType, Is.EqualTo(JaasEventTypes.RecordingUploaded));
            Assert.That(message.Message.IdempotencyKey, Is.EqualTo(sent.IdempotencyKey));
            Assert.That(message.Message.Fqn, Is.EqualTo(sent.Fqn));
            Assert.That(message.Message.EventTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(sent.Timestamp.ToUnixTimeMilliseconds())));
            Assert.That(message.Message.LinkExpiresAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt)));
            Assert.That(message.Message.Reason, Does.Contain("HTTP 403"));
            Assert.That(message.Message.Reason, Does.Not.Contain("/status/"), "never the link itself");
            Assert.That(host.Published.Any(c => c.Message.SessionId == session), Is.False, "no ArtifactStored for a lost file");
        }
    }

    [Test]
    public async Task StoredFile_IsNotPublishedAsLost()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/files/{session}?size=100")));

        await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        await Eventually.WaitUntilAsync(() => Task.FromResult(host.Published.Any(c => c.Message.SessionId == session)), TimeSpan.FromSeconds(30), "ArtifactStored is published");
        Assert.That(lost.Any(c => c.Message.SessionId == session), Is.False);
    }
}
