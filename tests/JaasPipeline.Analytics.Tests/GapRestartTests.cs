using JaasPipeline.Analytics.Gaps;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>The gap worker works from the database: a window that ends while the service is down is found after a restart, with no new event.</summary>
public sealed class GapRestartTests
{
    [Test]
    public async Task WindowEndingAfterARestart_IsFoundWithoutANewEvent()
    {
        using var folder = new TempFolder("analytics-gap-restart");
        var meeting = GapEvents.NewMeeting();
        await using (var first = await GapTestHost.StartAsync(folder))
        {
            var now = first.Clock.GetUtcNow();
            await first.PublishAsync(meeting.RoomCreated(now.AddMinutes(-30)));
            await first.PublishAsync(meeting.RecordingEnded(now.AddMinutes(-20)));
            await first.WaitForWorkListAsync(meeting.SessionId, 2);
            await first.WaitForEvaluatedAsync(meeting.SessionId);
            Assert.That(await first.RecordedGapsAsync(meeting.SessionId), Is.Empty, "within its window");
        }

        await using var second = await GapTestHost.StartAsync(folder);
        second.Clock.Offset = TimeSpan.FromMinutes(45);

        await second.WaitForRecordedKindsAsync(meeting.SessionId, GapKinds.RecordingNotUploaded);
    }
}
