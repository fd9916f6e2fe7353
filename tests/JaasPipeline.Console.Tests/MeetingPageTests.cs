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
            meeting.Left("p-evil", Hostile, TimeSpan.FromMinutes(4)),
            meeting.Left("p-ada", "Ada", TimeSpan.FromMinutes(5)));
        await Eventually.WaitUntilAsync(async () =>
                (await ConsoleDeployment.ApiTextAsync($"/api/transcripts/{meeting.SessionId}"))?.Contains("budget review", StringComparison.Ordinal) == true
                && (await ConsoleDeployment.ApiTextAsync($"/api/attendance/{meeting.SessionId}"))?.Split("\"leftAt\":\"").Length == 3,
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
            Assert.That(await page.Locator("svg.timeline rect").CountAsync(), Is.EqualTo(2), "a bar per stint");
            Assert.That(await page.Locator("svg.timeline text").AllTextContentsAsync(), Does.Contain(Hostile).And.Contain("Ada"));
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
        await page.GotoAsync("/console/meetings");
        await ConsoleDeployment.ScreenshotAsync(page, "meetings");
        Assert.That(dialogs, Is.Zero);
    }
}
