namespace JaasPipeline.Console.Tests;

/// <summary>Every form of the console carries an antiforgery token; a POST without one is refused, whoever sends it.</summary>
public sealed class AntiforgeryTests
{
    [TestCase("/console/signin")]
    [TestCase("/console/signout")]
    [TestCase("/console/replay")]
    [TestCase("/console/failures/redrive")]
    [TestCase("/console/rules/edit")]
    public async Task FormPostedWithoutTheToken_IsRefused(string path)
    {
        using var client = new ConsoleHttp(ConsoleDeployment.Standalone.Address);
        using (var signIn = await client.SignInAsync(ConsoleDeployment.OperatorKey))
        {
            Assert.That((int)signIn.StatusCode, Is.EqualTo(302), "signed in as admin: the refusal below is the token's, not the role's");
        }

        using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = ConsoleDeployment.OperatorKey, ["from"] = "2000-01-01T00:00", ["to"] = "2100-01-01T00:00",
            ["service"] = "Attendance", ["queue"] = "attendance", ["max"] = "1", ["appId"] = "app", ["room"] = "room", ["settings"] = "{}",
        }));

        Assert.That((int)response.StatusCode, Is.EqualTo(400), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task EveryFormOfEveryPage_CarriesTheToken()
    {
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);
        foreach (var path in ConsolePages.All)
        {
            await page.GotoAsync(path);
            var forms = await page.Locator("form[method=post]").CountAsync();
            var tokens = await page.Locator("form[method=post] input[name=__RequestVerificationToken]").CountAsync();
            Assert.That(tokens, Is.EqualTo(forms), path);
        }
    }
}
