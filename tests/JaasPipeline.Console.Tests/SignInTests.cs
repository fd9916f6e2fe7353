using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>Sign-in with a key of the deployment into an HttpOnly, SameSite=Strict cookie holding the role only; sign-out.</summary>
public sealed class SignInTests
{
    [Test]
    public async Task OperatorKey_SignsInAsAdmin_AndSignOutEndsTheSession()
    {
        var page = await ConsoleDeployment.NewPageAsync();

        await page.GotoAsync("/console");
        Assert.That(page.Url, Does.Contain("/console/signin"), "an anonymous visitor is sent to the sign-in page");
        await ConsoleDeployment.ScreenshotAsync(page, "sign-in");
        await page.GetByLabel("Key").FillAsync(ConsoleDeployment.OperatorKey);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console");

        Assert.That(await page.Locator("header").InnerTextAsync(), Does.Contain("signed in: admin"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "jaas-console");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cookie.HttpOnly, Is.True);
            Assert.That(cookie.SameSite, Is.EqualTo(SameSiteAttribute.Strict));
            Assert.That(cookie.Value, Does.Not.Contain(ConsoleDeployment.OperatorKey));
            Assert.That(await page.ContentAsync(), Does.Not.Contain(ConsoleDeployment.OperatorKey), "no key in a page");
        }

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await page.GetByText("You are signed out").WaitForAsync();
        Assert.That((await page.Context.CookiesAsync()).Select(c => c.Name), Does.Not.Contain("jaas-console"));
        await page.GotoAsync("/console");
        Assert.That(page.Url, Does.Contain("/console/signin"));
    }

    [Test]
    public async Task ReadKey_SignsInAsRead_AndIsRefusedAdminActions()
    {
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.ReadKey);
        Assert.That(await page.Locator("header").InnerTextAsync(), Does.Contain("signed in: read"));

        var replay = await page.GotoAsync("/console/replay?from=2000-01-01T00:00&to=2100-01-01T00:00");
        Assert.That(replay!.Status, Is.EqualTo(403));
        Assert.That(await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Not allowed" }).CountAsync(), Is.EqualTo(1));
        var rule = await page.GotoAsync("/console/rules/edit?appId=a&room=b");
        Assert.That(rule!.Status, Is.EqualTo(403));
    }

    [Test]
    public async Task UnknownKey_IsRefusedWithAMessage()
    {
        var page = await ConsoleDeployment.NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.GetByLabel("Key").FillAsync("not-a-key-of-this-deployment");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync(),
            r => r.Url.Contains("/console/signin") && r.Request.Method == "POST");

        Assert.That(response.Status, Is.EqualTo(401));
        Assert.That(await page.GetByRole(AriaRole.Alert).InnerTextAsync(), Does.Contain("not an operator key or a read key"));
    }
}
