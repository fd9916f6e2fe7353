namespace JaasPipeline.Console.Tests;

/// <summary>The Content-Security-Policy on every console answer, and pages that need nothing it forbids.</summary>
public sealed class SecurityHeaderTests
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    [Test]
    public async Task EveryPage_HasTheContentSecurityPolicy_AndNoInlineScriptOrStyle()
    {
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        foreach (var path in ConsolePages.All.Append("/console/denied").Append("/console/console.css"))
        {
            var response = await page.GotoAsync(path);
            var html = await response!.TextAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(response.Headers["content-security-policy"], Is.EqualTo(Policy), path);
                Assert.That(html, Does.Not.Contain("<script").And.Not.Contain(" style=").And.Not.Contain("<style"), path);
            }
        }

        Assert.That(violations, Is.Empty, "the browser reported nothing blocked by the policy");
    }

    [Test]
    public async Task AnonymousRedirectToSignIn_HasThePolicyToo()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = ConsoleDeployment.Standalone.Address };

        using var response = await client.GetAsync("/console/failures");

        Assert.That((int)response.StatusCode, Is.EqualTo(302));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(Policy));
    }
}
