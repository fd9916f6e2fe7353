using JaasPipeline.Testing;
using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>A replay started in the console states how many deliveries it will send, and they reach the consumer.</summary>
public sealed class ReplayTests
{
    [Test]
    public async Task ReplayOfAMeeting_IsConfirmedWithItsCount_AndReachesTheConsumer()
    {
        var meeting = new MeetingDeliveries("console-replay");
        await ConsoleDeployment.DeliverAsync(meeting.Joined("p-1", "Grace", TimeSpan.Zero), meeting.Left("p-1", "Grace", TimeSpan.FromMinutes(2)));
        await Eventually.WaitUntilAsync(async () =>
                (await ConsoleDeployment.ApiTextAsync($"/api/attendance/{meeting.SessionId}"))?.Contains("\"leftAt\":\"", StringComparison.Ordinal) == true,
            ConsoleDeployment.Deadline, "attendance handled the meeting");
        var before = await PrometheusScrape.ReadAsync(ConsoleDeployment.Standalone.Client);
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);

        await page.GotoAsync($"/console/meetings/{meeting.SessionId}");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Replay this meeting…" }).ClickAsync();
        await page.GetByLabel("Queue").SelectOptionAsync("attendance");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Count" }).ClickAsync();
        await page.GetByText("2 deliveries will be sent to queue attendance.").WaitForAsync();
        await ConsoleDeployment.ScreenshotAsync(page, "replay-confirmation");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Replay 2 deliveries" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).GetByText("Scheduled 2 deliveries to queue attendance.").WaitForAsync();

        // The consumer already handled both, so its inbox drops each copy: they reached it, and nothing changed twice.
        await Eventually.WaitUntilAsync(
            async () => (await PrometheusScrape.ReadAsync(ConsoleDeployment.Standalone.Client)).Delta(before, "jaas_inbox_duplicates_total", "consumer=\"PresenceConsumer\"") == 2,
            ConsoleDeployment.Deadline, "the attendance consumer received both replayed deliveries");
    }
}
