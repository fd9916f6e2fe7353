using JaasPipeline.Traffic;
namespace JaasPipeline.Benchmark.Tests;

/// <summary>The benchmark sends traffic only to this machine.</summary>
public sealed class LoopbackAddressTests
{
    [TestCase("http://127.0.0.1:5080")]
    [TestCase("http://127.1.2.3:5080")]
    [TestCase("http://localhost:5080")]
    [TestCase("http://[::1]:5080")]
    public void LoopbackUrl_IsAccepted(string url) =>
        Assert.That(LoopbackAddress.TryParse("--url", url, out _, out _), Is.True);

    [TestCase("http://example.com")]
    [TestCase("http://10.0.0.5:5080")]
    [TestCase("http://192.168.1.10:15672")]
    [TestCase("ftp://127.0.0.1")]
    [TestCase("127.0.0.1:5080")]
    public void OtherUrl_IsRefusedNamingTheOption(string url)
    {
        var accepted = LoopbackAddress.TryParse("--rabbitmq-management", url, out _, out var refusal);

        Assert.That(accepted, Is.False);
        Assert.That(refusal, Does.StartWith("Refused: --rabbitmq-management"));
    }
}
