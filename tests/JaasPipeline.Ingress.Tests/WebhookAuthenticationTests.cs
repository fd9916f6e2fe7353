using System.Net;
using System.Text;
using JaasPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Ingress.Tests;

/// <summary>The documented test vector end to end, the fixed Authorization header, and unsigned mode.</summary>
public sealed class WebhookAuthenticationTests
{
    private const string Authorization = "Bearer jaas-console-fixed-value";
    private TempFolder folder = null!;
    private IngressTestHost host = null!;

    [OneTimeSetUp]
    public async Task StartIngressAtTheDocsTime()
    {
        folder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(folder);
        settings["Ingress:WebhookSecrets:0"] = "whsec_rotated_in_recently_0000000000";
        settings["Ingress:WebhookSecrets:1"] = JaasSignatureTests.DocsSecret;
        settings["Ingress:RequiredAuthorization"] = Authorization;
        // The vector was signed in 2021: the ingress's clock is set to that moment.
        host = await IngressTestHost.StartAsync(settings, configure: builder =>
            builder.Services.AddSingleton<TimeProvider>(new FixedClock(DateTimeOffset.FromUnixTimeSeconds(JaasSignatureTests.DocsTimestamp))));
    }

    [OneTimeTearDown]
    public async Task StopIngress()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task DocsTestVector_IsAcceptedOverHttp()
    {
        var response = await host.Client.PostRawAsync(
            Encoding.UTF8.GetBytes(JaasSignatureTests.DocsBody),
            $"t={JaasSignatureTests.DocsTimestamp},v1={JaasSignatureTests.DocsSignature}",
            Authorization);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase(null)]
    [TestCase("Bearer something-else")]
    public async Task WrongOrMissingAuthorization_Is401EvenWithAValidSignature(string? authorization)
    {
        var response = await host.Client.PostRawAsync(
            Encoding.UTF8.GetBytes(JaasSignatureTests.DocsBody),
            $"t={JaasSignatureTests.DocsTimestamp},v1={JaasSignatureTests.DocsSignature}",
            authorization);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Ingress:RequiredAuthorization"));
    }

    [Test]
    public async Task UnsignedMode_AcceptsWithoutSignature()
    {
        using var unsignedFolder = new TempFolder();
        var settings = IngressTestHost.DefaultSettings(unsignedFolder);
        settings.Remove("Ingress:WebhookSecrets:0");
        settings["Ingress:AllowUnsigned"] = "true";
        await using var unsignedHost = await IngressTestHost.StartAsync(settings);

        var response = await unsignedHost.Client.PostRawAsync(Encoding.UTF8.GetBytes(Deliveries.ParticipantJoined("k-unsigned")), signature: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
