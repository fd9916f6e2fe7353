using JaasPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace JaasPipeline.Console.Tests;

/// <summary>
/// A recording JaaS announces is downloaded by the media-artifacts service from storage (a real HTTP server on
/// loopback standing in for JaaS's), and the meeting page offers it for download through the console.
/// </summary>
public sealed class ArtifactDownloadTests
{
    [Test]
    public async Task StoredRecording_IsDownloadedThroughTheConsole_ByteForByte()
    {
        var recording = new byte[300_000];
        new Random(7).NextBytes(recording);
        await using var storage = await StartStorageAsync(recording);
        var meeting = new MeetingDeliveries("console-recording");
        await ConsoleDeployment.DeliverAsync(
            meeting.Joined("p-ada", "Ada", TimeSpan.Zero),
            meeting.RecordingUploaded(new Uri(new Uri(storage.Urls.First()), "/recording.mp4"), TimeSpan.FromMinutes(1)));
        await Eventually.WaitUntilAsync(
            async () => (await ConsoleDeployment.ApiTextAsync($"/api/artifacts/{meeting.SessionId}"))?.Contains("\"status\":\"stored\"", StringComparison.Ordinal) == true,
            ConsoleDeployment.Deadline, "the recording is stored");
        var artifactId = (string?)System.Text.Json.Nodes.JsonNode.Parse((await ConsoleDeployment.ApiTextAsync($"/api/artifacts/{meeting.SessionId}"))!)!["items"]![0]!["artifactId"];

        var page = await ConsoleDeployment.SignedInPageAsync(ConsoleDeployment.ReadKey);
        await page.GotoAsync($"/console/meetings/{meeting.SessionId}");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Download", Exact = true }).ClickAsync());
        var saved = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-downloads", meeting.SessionId + ".mp4");
        await download.SaveAsAsync(saved);

        using (Assert.EnterMultipleScope())
        {
            // JaaS's recording links name no file: the download is named after the artifact.
            Assert.That(download.SuggestedFilename, Is.EqualTo(artifactId));
            Assert.That(await File.ReadAllBytesAsync(saved), Is.EqualTo(recording), "the stored file, byte for byte");
        }

        var unknown = await page.Context.APIRequest.GetAsync($"/console/meetings/{meeting.SessionId}/artifacts/{Guid.NewGuid()}/content");
        Assert.That(unknown.Status, Is.EqualTo(404), "an unknown artifact is the media-artifacts API's 404, not a 500");
    }

    private static async Task<WebApplication> StartStorageAsync(byte[] recording)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/recording.mp4", () => Results.Bytes(recording, "video/mp4"));
        await app.StartAsync();
        return app;
    }
}
