using System.Text;
using System.Text.RegularExpressions;
using JaasPipeline.Ingress;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>What the repository tells its users holds: the signature test vector, and no pointer to files it lacks.</summary>
public sealed partial class ProjectDocsTests
{
    [Test]
    public void SignatureTestVectorOfTheDocs_IsWhatTheIngressComputes()
    {
        var doc = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot, "docs", "webhook-signature.md"));
        var secret = Secret().Match(doc).Groups[1].Value;
        var timestamp = long.Parse(Timestamp().Match(doc).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var body = Body().Match(doc).Groups[1].Value;
        var signature = Signature().Match(doc).Groups[1].Value;

        var header = JaasSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body));

        Assert.That(signature, Is.EqualTo("xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0="));
        Assert.That(header, Is.EqualTo($"t={timestamp},v1={signature}"));
    }

    [Test]
    public void Readme_PointsAtNoFileOutsideTheRepository()
    {
        var readme = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot, "README.md"));

        Assert.That(readme, Does.Not.Contain("NOTES.md").And.Not.Contain("/work/shared"));
    }

    [GeneratedRegex(@"Secret: `(whsec_[0-9a-f]+)`")]
    private static partial Regex Secret();

    [GeneratedRegex(@"- `t=(\d+)`")]
    private static partial Regex Timestamp();

    [GeneratedRegex("```json\n(.*)\n```")]
    private static partial Regex Body();

    [GeneratedRegex(@"Signature: `v1=([A-Za-z0-9+/=]+)`")]
    private static partial Regex Signature();
}
