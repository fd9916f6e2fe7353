using JaasPipeline.Testing;
using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>A meeting sent as JaaS sends it appears with its timeline and transcript; hostile strings stay text.</summary>
public sealed class MeetingPageTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Test]
    public async Task MeetingSent_AppearsWithTimelineAndTranscript_AndAHostileNameIsText()
    {
        var meeting = new MeetingDeliveries("console-meeting");
        await ConsoleDeployment.DeliverAsync(
            meeting.Joined("p-ada", "Ada", TimeSpan.FromSeconds(0)),
            meeting.Joined("p-evil", Hostile, TimeSpan.FromSeconds(30)),
            meeting.Phrase("p-ada", "Ada", TimeSpan.FromSeconds(40), "Let us start the budget review."),
            meeting.Phrase("p-evil", Hostile, TimeSpan.FromSeconds(50), "</td><script>alert(2)</script>"),
            meeting.Phrase("p-ada", "Ada", TimeSpan.FromSeconds(55), "The Budget is due on Friday; budget owners, please."),
            meeting.DialIn("p-phone", "+15550100", TimeSpan.FromMinutes(1)),
            meeting.DialInEnded("p-phone", TimeSpan.FromMinutes(2)),
            meeting.Left("p-evil", Hostile, TimeSpan.FromMinutes(4)),
            meeting.Left("p-ada", "Ada", TimeSpan.FromMinutes(5)));
        await Eventually.WaitUntilAsync(async () =>
                (await ConsoleDeployment.ApiTextAsync($"/api/transcripts/{meeting.SessionId}"))?.Contains("budget review", StringComparison.Ordinal) == true
                && (await ConsoleDeployment.ApiTextAsync($"/api/transcripts/{meeting.SessionId}"))?.Contains("due on Friday", StringComparison.Ordinal) == true
                && (await ConsoleDeployment.ApiTextAsync($"/api/attendance/{meeting.SessionId}"))?.Split("\"leftAt\":\"").Length == 4,
            ConsoleDeployment.Deadline, "the meeting is handled by attendance and transcription");
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);
        var dialogs = 0;
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };

        await page.GotoAsync($"/console/meetings?participant={Uri.EscapeDataString("img src")}");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = meeting.SessionId }).ClickAsync();
        await page.WaitForURLAsync($"**/console/meetings/{meeting.SessionId}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.Locator("svg.timeline rect").CountAsync(), Is.EqualTo(3), "a bar per stint");
            Assert.That(await page.Locator("svg.timeline text").AllTextContentsAsync(), Does.Contain(Hostile).And.Contain("Ada").And.Contain("+15550100 (phone)"));
            Assert.That(await page.Locator("svg.timeline rect.main.phone").CountAsync(), Is.EqualTo(1), "the dial-in caller's call: in the main room, outlined as a phone caller");
            Assert.That(await page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = Hostile, Exact = true }).CountAsync(), Is.GreaterThanOrEqualTo(2), "participants and transcript show the name as text");
            Assert.That(await page.GetByText("Let us start the budget review.").CountAsync(), Is.EqualTo(1));
            Assert.That(await page.GetByText("</td><script>alert(2)</script>").CountAsync(), Is.EqualTo(1));
            Assert.That(await page.Locator("img").CountAsync(), Is.Zero, "no element made of a hostile string");
            Assert.That(await page.Locator("main script").CountAsync(), Is.Zero);
            Assert.That(dialogs, Is.Zero, "no script of a hostile string ran");
            Assert.That(await page.GetByText("No recordings or files.").CountAsync(), Is.EqualTo(1), "a meeting without files is not an error");
        }

        // The export passes the transcription API's text through the console, which calls it with its own key.
        var exportLink = await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Export as text" }).GetAttributeAsync("href");
        var export = await page.Context.APIRequest.GetAsync(exportLink!);
        Assert.That(export.Status, Is.EqualTo(200), await export.TextAsync());
        Assert.That(await export.TextAsync(), Does.Contain("Let us start the budget review."));

        await ConsoleDeployment.ScreenshotAsync(page, "meeting");

        // Find in transcript: ignoring case, every occurrence marked, a hostile query shown as text.
        await page.GetByLabel("Find in transcript").FillAsync("BUDGET");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Find" }).ClickAsync();
        await page.WaitForURLAsync("**find=BUDGET*");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.GetByText("2 of 3 phrases contain “BUDGET”").CountAsync(), Is.EqualTo(1));
            Assert.That(await page.Locator("#transcript ~ table mark").AllTextContentsAsync(), Is.EqualTo(new[] { "budget", "Budget", "budget" }));
            Assert.That(await page.GetByText("alert(2)").CountAsync(), Is.Zero, "the phrase without the word is not listed");
        }

        await ConsoleDeployment.ScreenshotAsync(page, "meeting-find");
        await page.GetByLabel("Find in transcript").FillAsync("<script>");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Find" }).ClickAsync();
        await page.WaitForURLAsync("**find=%3Cscript%3E*");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.GetByText("1 of 3 phrases contain “<script>”").CountAsync(), Is.EqualTo(1));
            Assert.That(await page.Locator("#transcript ~ table mark").AllTextContentsAsync(), Is.EqualTo(new[] { "<script>" }));
            Assert.That(await page.Locator("main script").CountAsync(), Is.Zero);
        }

        await page.GotoAsync("/console/meetings");
        await ConsoleDeployment.ScreenshotAsync(page, "meetings");
        Assert.That(dialogs, Is.Zero);
    }

    [Test]
    public async Task AMeetingSentByTheSimulator_AppearsWithItsTimelineAndTranscript()
    {
        var before = await MeetingIdsAsync();
        var simulator = ServiceProcess.HostDll("tests/tools/JaasPipeline.Simulator", "JaasPipeline.Simulator");
        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(simulator, AppContext.BaseDirectory, new Dictionary<string, string>(),
            "--url", ConsoleDeployment.Standalone.Address.ToString(), "--secret", ConsoleDeployment.Secret, "--api-key", ConsoleDeployment.OperatorKey,
            "--meetings", "1", "--participants", "4", "--seed", "25", "--verify", "--verify-timeout", "50");
        Assert.That(exitCode, Is.Zero, string.Join('\n', lines));
        Assert.That(lines, Has.Some.Match(@"transcription: [1-9]\d* phrases in 1 meetings"), "this seed's meeting has a transcript");
        var sessionId = (await MeetingIdsAsync()).Except(before).Single();

        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.ReadKey);
        await page.GotoAsync($"/console/meetings/{sessionId}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.Locator("svg.timeline text").CountAsync(), Is.GreaterThanOrEqualTo(4 + 2), "a row per participant (and the axis's two labels)");
            Assert.That(await page.Locator("svg.timeline rect").CountAsync(), Is.GreaterThanOrEqualTo(4), "at least a bar per participant");
            Assert.That(await page.Locator("#transcript ~ table").First.Locator("tbody tr").CountAsync(), Is.GreaterThan(0), "the transcript's phrases");
        }

        await ConsoleDeployment.ScreenshotAsync(page, "meeting-simulated");
        await KeyboardTests.AssertTabReachesEveryActionAsync(page, page.Url);
    }

    private static async Task<IReadOnlySet<string>> MeetingIdsAsync()
    {
        var list = System.Text.Json.Nodes.JsonNode.Parse((await ConsoleDeployment.ApiTextAsync("/api/attendance/meetings?limit=500"))!)!;
        return list["items"]!.AsArray().Select(meeting => (string)meeting!["sessionId"]!).ToHashSet();
    }
}
