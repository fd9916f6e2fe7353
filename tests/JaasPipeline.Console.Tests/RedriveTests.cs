using System.Text.Json.Nodes;
using JaasPipeline.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>Faulted messages (the embedded default's error queue) are shown with their exception and re-driven from the console.</summary>
public sealed class RedriveTests
{
    [Test]
    public async Task RedriveAll_EmptiesTheFaultedMessages_AndTheyAreHandled()
    {
        var meeting = new MeetingDeliveries("console-redrive");
        var attendanceDb = $"Data Source={Path.Combine(ConsoleDeployment.DataFolder, "attendance.db")}";
        // The bug: attendance cannot store this meeting's facts, so its message fails every retry.
        await ExecuteAsync(attendanceDb, $"""
            CREATE TRIGGER refuse_console_meeting BEFORE INSERT ON attendance_facts WHEN NEW.session_id = '{meeting.SessionId}'
            BEGIN SELECT RAISE(ABORT, 'attendance bug for the console test'); END
            """);
        await ConsoleDeployment.DeliverAsync(meeting.Joined("p-1", "Linus", TimeSpan.Zero));
        await Eventually.WaitUntilAsync(async () => await FaultedAsync() == 1, ConsoleDeployment.Deadline, "the message failed its retries");
        await ExecuteAsync(attendanceDb, "DROP TRIGGER refuse_console_meeting");
        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.OperatorKey);

        await page.GotoAsync("/console/failures");
        Assert.That(await page.Locator("main").InnerTextAsync(), Does.Contain("attendance bug for the console test"));
        await ConsoleDeployment.ScreenshotAsync(page, "failures");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Re-drive all 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).GetByText("Moved 1 message(s) back to attendance; 0 left").WaitForAsync();

        await Eventually.WaitUntilAsync(async () => await FaultedAsync() == 0
                && (await ConsoleDeployment.Standalone.Client.GetAsync($"/api/attendance/{meeting.SessionId}")).IsSuccessStatusCode,
            ConsoleDeployment.Deadline, "the re-driven message was handled and its faulted row is gone");
    }

    private static async Task<long> FaultedAsync()
    {
        var queues = JsonNode.Parse(await ConsoleDeployment.Standalone.Client.GetStringAsync("/api/error-queues"))!;
        return queues["items"]!.AsArray().Where(q => (string?)q!["queue"] == "attendance").Sum(q => (long)q!["messages"]!);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
