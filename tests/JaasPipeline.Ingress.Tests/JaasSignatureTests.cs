using System.Text;
using JaasPipeline.Ingress.Webhooks;

namespace JaasPipeline.Ingress.Tests;

/// <summary>The X-Jaas-Signature scheme of docs/webhook-signature.md, including the documented test vector.</summary>
public sealed class JaasSignatureTests
{
    // docs/webhook-signature.md: the test vector from 8x8's documentation (verified there).
    public const string DocsSecret = "whsec_9635df66714a4cf088ee9d0979dd3bf6";
    public const long DocsTimestamp = 1632490060;
    public const string DocsSignature = "xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0=";
    public const string DocsBody =
        """{"eventType":"PARTICIPANT_JOINED","sessionId":"9a441d60-ceaf-4eba-b0a8-a7d940a76e1b","timestamp":1632490058278,"fqn":"vpaas-magic-cookie-96f0941768964ab380ed0fbada7a502f/sampleappromanticshiftsstripas","idempotencyKey":"9e9e7420-562d-4659-8e22-44b9b22aaa49","customerId":"96f0941768964ab380ed0fbada7a502f","appId":"vpaas-magic-cookie-96f0941768964ab380ed0fbada7a502f","data":{"avatar":"","name":"Test User","id":"auth0|5f903d7a77f3b4006eb8e67d","participantJid":"fc1ea14a-9bca-4218-a563-8c627e803d56@8x8.vc","moderator":true,"email":"test.user@company.com"}}""";

    private static readonly DateTimeOffset DocsTime = DateTimeOffset.FromUnixTimeSeconds(DocsTimestamp);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static byte[] Body => Encoding.UTF8.GetBytes(DocsBody);

    [Test]
    public void DocsTestVector_Verifies()
    {
        var verdict = JaasSignature.Verify($"t={DocsTimestamp},v1={DocsSignature}", Body, [DocsSecret], DocsTime, Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.Valid));
    }

    [Test]
    public void Sign_OnDocsVector_ProducesTheDocumentedHeader()
    {
        Assert.That(JaasSignature.Sign(DocsSecret, DocsTimestamp, Body), Is.EqualTo($"t={DocsTimestamp},v1={DocsSignature}"));
    }

    [Test]
    public void TamperedBody_IsNoMatch()
    {
        var tampered = Encoding.UTF8.GetBytes(DocsBody.Replace("Test User", "Test Usr", StringComparison.Ordinal));

        var verdict = JaasSignature.Verify($"t={DocsTimestamp},v1={DocsSignature}", tampered, [DocsSecret], DocsTime, Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.NoMatch));
    }

    [Test]
    public void TamperedTimestamp_IsNoMatch()
    {
        var verdict = JaasSignature.Verify($"t={DocsTimestamp + 1},v1={DocsSignature}", Body, [DocsSecret], DocsTime, Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.NoMatch));
    }

    [TestCase(-301)]
    [TestCase(301)]
    public void TimestampOutsideTolerance_IsRefused(int secondsAway)
    {
        var verdict = JaasSignature.Verify(
            $"t={DocsTimestamp},v1={DocsSignature}", Body, [DocsSecret], DocsTime.AddSeconds(secondsAway), Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.OutsideTolerance));
    }

    [Test]
    public void TimestampAtToleranceEdge_Verifies()
    {
        var verdict = JaasSignature.Verify($"t={DocsTimestamp},v1={DocsSignature}", Body, [DocsSecret], DocsTime.AddSeconds(300), Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.Valid));
    }

    [Test]
    public void RotatedSecrets_AnyConfiguredSecretMatches()
    {
        var verdict = JaasSignature.Verify(
            $"t={DocsTimestamp},v1={DocsSignature}", Body, ["whsec_the_new_one_not_yet_used_by_jaas", DocsSecret], DocsTime, Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.Valid));
    }

    [Test]
    public void OnlyAnOldSecretNoLongerConfigured_IsNoMatch()
    {
        var verdict = JaasSignature.Verify($"t={DocsTimestamp},v1={DocsSignature}", Body, ["whsec_the_new_one"], DocsTime, Tolerance);

        Assert.That(verdict, Is.EqualTo(SignatureVerdict.NoMatch));
    }

    [Test]
    public void SeveralV1Values_AnyMatches()
    {
        var header = $"t={DocsTimestamp},v1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,v1={DocsSignature}";

        Assert.That(JaasSignature.Verify(header, Body, [DocsSecret], DocsTime, Tolerance), Is.EqualTo(SignatureVerdict.Valid));
    }

    [Test]
    public void OtherSchemesOnly_AreIgnoredAndMalformed()
    {
        // Downgrade protection: a valid value under another scheme name is not accepted.
        var header = $"t={DocsTimestamp},v0={DocsSignature}";

        Assert.That(JaasSignature.Verify(header, Body, [DocsSecret], DocsTime, Tolerance), Is.EqualTo(SignatureVerdict.Malformed));
    }

    [TestCase(null, SignatureVerdict.MissingHeader)]
    [TestCase("", SignatureVerdict.MissingHeader)]
    [TestCase("v1=xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0=", SignatureVerdict.Malformed)]
    [TestCase("t=1632490060", SignatureVerdict.Malformed)]
    [TestCase("t=yesterday,v1=xlzqEojlh4qb21sQpXYsWgyK8x9HVpz+RQldsv18rV0=", SignatureVerdict.Malformed)]
    [TestCase("t=1632490060,v1=not base64!", SignatureVerdict.Malformed)]
    [TestCase("garbage", SignatureVerdict.Malformed)]
    public void BadHeaders_AreRefusedWithTheirReason(string? header, SignatureVerdict expected)
    {
        Assert.That(JaasSignature.Verify(header, Body, [DocsSecret], DocsTime, Tolerance), Is.EqualTo(expected));
    }

    [Test]
    public void HeaderWithSpacesAfterCommas_Verifies()
    {
        Assert.That(
            JaasSignature.Verify($"t={DocsTimestamp}, v1={DocsSignature}", Body, [DocsSecret], DocsTime, Tolerance),
            Is.EqualTo(SignatureVerdict.Valid));
    }
}
