using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>Keyboard only: Tab reaches every link, button and field of every page, and Enter follows a link.</summary>
public sealed class KeyboardTests
{
    private const string Focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary";

    [Test]
    public async Task Tab_ReachesEveryActionOfEveryPage()
    {
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);
        foreach (var path in ConsolePages.All)
        {
            await page.GotoAsync(path);
            await AssertTabReachesEveryActionAsync(page, path);
        }
    }

    /// <summary>Tab, pressed enough, focuses every link, button and field of the page <paramref name="page"/> shows.</summary>
    public static async Task AssertTabReachesEveryActionAsync(IPage page, string path)
    {
        // Each focusable element is numbered, so the ones Tab reaches can be told apart.
        var count = await page.EvaluateAsync<int>($"() => {{ const all = document.querySelectorAll('{Focusable}'); all.forEach((e, i) => e.setAttribute('data-tab-index', String(i))); return all.length; }}");
        var reached = new HashSet<string>();
        // A date-time field takes a Tab per part (day, month, year, …): press until all are reached, within a bound.
        for (var press = 0; press < count * 10 && reached.Count < count; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-tab-index') ?? null") is { } index)
            {
                reached.Add(index);
            }
        }

        Assert.That(reached, Has.Count.EqualTo(count), $"{path}: Tab reached {reached.Count} of {count} links, buttons and fields");
    }

    [Test]
    public async Task EnterOnAFocusedLink_FollowsIt()
    {
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Deliveries" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/console/deliveries");
        await ConsoleDeployment.ScreenshotAsync(page, "deliveries");
        await page.GotoAsync("/console");
        await ConsoleDeployment.ScreenshotAsync(page, "overview");
        await page.GotoAsync("/console/rules?appId=vpaas-magic-cookie-c1");
        await ConsoleDeployment.ScreenshotAsync(page, "rules");
    }
}
