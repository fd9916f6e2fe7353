using System.Net;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>
/// Links from the internet that point into our own network, at other schemes or at hosts not allowed are refused
/// with a reason and no request: the resolver seam maps test names to private addresses, the storage server on
/// loopback counts what reaches it, and the connection guard counts the sockets it opened.
/// </summary>
public sealed class LinkSafetyTests
{
    private TempFolder folder = null!;
    private MediaStorageServer server = null!;
    private MediaTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        folder = new TempFolder("media-safety");
        server = await MediaStorageServer.StartAsync();
        host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?>
        {
            ["MediaArtifacts:AllowedHosts:2"] = "loopback.alias",
            ["MediaArtifacts:MaxBytes"] = "1048576",
        });
        host.Resolver.Names["sneaky.example"] = [IPAddress.Loopback];
        host.Resolver.Names["loopback.alias"] = [IPAddress.Loopback];
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        await server.DisposeAsync();
        folder.Dispose();
    }

    [TestCase("10.0.0.5")]
    [TestCase("172.16.3.4")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("127.0.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("::1")]
    [TestCase("fd00::1")]
    [TestCase("fe80::1")]
    [TestCase("ff02::1")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("64:ff9b::a00:5")]
    public async Task AllowedPatternHostResolvingToAnInternalAddress_IsRejectedWithoutAConnection(string address)
    {
        var session = Events.NewSession();
        var name = $"h{Guid.NewGuid():N}.test";
        host.Resolver.Names[name] = [IPAddress.Parse(address)];
        var connections = host.Guard.Connections;
        var requests = server.RequestCount;

        await host.DeliverAsync(Events.Recording(session, $"http://{name}:{server.Port}/files/a.mp4?size=10"));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Rejected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Reason, Does.Contain("refused address"));
            Assert.That(host.Resolver.Lookups, Does.Contain(name), "the host passed the allow-list and was resolved");
            Assert.That(host.Guard.Connections, Is.EqualTo(connections), "no socket was opened");
            Assert.That(server.RequestCount, Is.EqualTo(requests));
        }
    }

    [Test]
    public async Task DisallowedHostResolvingToLoopback_IsRejectedWithoutLookupOrRequest()
    {
        var session = Events.NewSession();
        var requests = server.RequestCount;

        await host.DeliverAsync(Events.Recording(session, $"http://sneaky.example:{server.Port}/files/a.mp4?size=10"));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Rejected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Reason, Does.Contain("not in MediaArtifacts:AllowedHosts"));
            Assert.That(host.Resolver.Lookups, Does.Not.Contain("sneaky.example"));
            Assert.That(server.RequestCount, Is.EqualTo(requests), "the loopback server was never reached");
        }
    }

    [TestCase("file:///etc/passwd", "scheme 'file'")]
    [TestCase("ftp://127.0.0.1/a", "scheme 'ftp'")]
    [TestCase("gopher://127.0.0.1:70/_x", "scheme 'gopher'")]
    [TestCase("http://169.254.169.254/latest/meta-data/", "not in MediaArtifacts:AllowedHosts")]
    [TestCase("http://[::1]:1/a", "not in MediaArtifacts:AllowedHosts")]
    [TestCase("http://user:secret@127.0.0.1:1/a", "credentials")]
    [TestCase("relative/path.mp4", "not an absolute URL")]
    [TestCase("/rooted/path.mp4", "scheme 'file'")] // an absolute file URI on Unix
    [TestCase("", "no link")]
    public async Task LinkTheRulesRefuse_IsRecordedRejectedWithItsReason(string link, string reason)
    {
        var session = Events.NewSession();
        var requests = server.RequestCount;

        await host.DeliverAsync(Events.Recording(session, link));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Rejected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Reason, Does.Contain(reason));
            Assert.That(server.RequestCount, Is.EqualTo(requests));
        }
    }

    [TestCase("http://sneaky.example:{port}/files/x?size=10", "not in MediaArtifacts:AllowedHosts")]
    [TestCase("http://10.0.0.5/latest", "not in MediaArtifacts:AllowedHosts")]
    [TestCase("file:///etc/passwd", "scheme 'file'")]
    public async Task RedirectToAPlaceTheRulesRefuse_IsRejectedAfterOnlyTheRedirect(string target, string reason)
    {
        var session = Events.NewSession();
        target = target.Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await host.DeliverAsync(Events.Recording(session, server.Url($"/redirect?session={session}&to=" + Uri.EscapeDataString(target))));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Rejected);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Reason, Does.StartWith("redirect refused").And.Contain(reason));
            Assert.That(server.Requests.Count(r => r.PathAndQuery.Contains(session)), Is.EqualTo(1));
            Assert.That(server.Requests.Any(r => r.PathAndQuery.StartsWith("/files/x")), Is.False);
        }
    }

    [Test]
    public async Task FileLargerThanMaxBytes_IsRejected()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, server.Url($"/files/{session}?size={2 * 1024 * 1024}")));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Rejected);
        Assert.That(row.Reason, Does.Contain("MaxBytes"));
        Assert.That(Directory.GetFiles(host.Files.Root, "*", SearchOption.AllDirectories).Where(f => f.Contains(row.ArtifactId)), Is.Empty);
    }

    [Test]
    public async Task ExactlyAllowedHostName_IsFetchedEvenOnLoopback()
    {
        var session = Events.NewSession();

        await host.DeliverAsync(Events.Recording(session, $"http://loopback.alias:{server.Port}/files/{session}.bin?size=100"));

        var row = await host.WaitForStatusAsync(session, ArtifactStatus.Stored);
        Assert.That(row.Sha256, Is.EqualTo(MediaStorageServer.Sha256Of(100)));
    }
}
