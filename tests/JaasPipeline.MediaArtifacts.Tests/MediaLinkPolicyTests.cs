using System.Net;
using JaasPipeline.MediaArtifacts.Download;
using Microsoft.Extensions.Options;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>The default rules: https only, JaaS's storage hosts only.</summary>
public sealed class MediaLinkPolicyTests
{
    private readonly MediaLinkPolicy defaults = new(Options.Create(new MediaArtifactsOptions()));

    [TestCase("https://8x8.vc/rec.mp4")]
    [TestCase("https://storage.8x8.vc/rec.mp4?sig=1")]
    [TestCase("https://a.b.8x8.vc/rec.mp4")]
    [TestCase("https://objectstorage.eu-frankfurt-1.oraclecloud.com/p/x/n/y/b/z/o/rec.mp4")]
    [TestCase("https://bucket.s3.eu-west-1.amazonaws.com/rec.mp4")]
    public void JaasStorageLink_IsAllowed(string link) =>
        Assert.That(defaults.RefusalOf(link, out _), Is.Null);

    [TestCase("http://storage.8x8.vc/rec.mp4", "scheme 'http'")]
    [TestCase("https://8x8.vc.evil.com/rec.mp4", "AllowedHosts")]
    [TestCase("https://evil8x8.vc/rec.mp4", "AllowedHosts")]
    [TestCase("https://amazonaws.com/rec.mp4", "AllowedHosts")]
    [TestCase("https://objectstorage.a.b.oraclecloud.com/rec.mp4", "AllowedHosts")]
    [TestCase("https://127.0.0.1/rec.mp4", "AllowedHosts")]
    [TestCase("https://user:pw@storage.8x8.vc/rec.mp4", "credentials")]
    public void OtherLink_IsRefused(string link, string reason) =>
        Assert.That(defaults.RefusalOf(link, out _), Does.Contain(reason));

    [TestCase("8.8.8.8", false)]
    [TestCase("2606:4700::1111", false)]
    [TestCase("10.1.2.3", true)]
    [TestCase("169.254.169.254", true)]
    [TestCase("100.127.255.255", true)]
    [TestCase("::ffff:10.0.0.1", true)]
    [TestCase("2002:a00:1::", true)]
    [TestCase("fc00::1", true)]
    [TestCase("fec0::1", true)]
    [TestCase("::", true)]
    [TestCase("255.255.255.255", true)]
    public void Address_IsRefusedExactlyWhenInternal(string address, bool refused) =>
        Assert.That(AddressRules.RefusalOf(IPAddress.Parse(address)), refused ? Is.Not.Null : Is.Null);
}
