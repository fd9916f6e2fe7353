using System.Net.Http.Json;
using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>A screen-sharing list names more links than MaxUrlsPerList: the first are downloaded, the rest are one
/// <c>rejected</c> row that says how many and why (the read API shows it).</summary>
public sealed class ScreenSharingListCapTests
{
    [Test]
    public async Task ListLongerThanTheCap_TakesTheFirstLinksAndRecordsTheRestRefused()
    {
        using var folder = new TempFolder("media-list-cap");
        await using var server = await MediaStorageServer.StartAsync();
        await using var host = await MediaTestHost.StartAsync(folder, new Dictionary<string, string?> { ["MediaArtifacts:MaxUrlsPerList"] = "3" });
        var session = Events.NewSession();
        var links = string.Join('|', Enumerable.Range(1, 5).Select(i => server.Url($"/files/{session}-{i}.png?size={100 * i}")));

        await host.DeliverAsync(Events.Screenshots(session, server.Url("/list?links=" + Uri.EscapeDataString(links))));

        var refused = await host.WaitForStatusAsync(session, r => r.ParentId is not null && r.Url is null, ArtifactStatus.Rejected);
        await Eventually.WaitUntilAsync(async () => (await host.Store.OfSessionAsync(session, CancellationToken.None))
            .Count(r => r.ParentId is not null && r.Status == ArtifactStatus.Stored) == 3, TimeSpan.FromSeconds(30), "three screenshots stored");
        var screenshots = (await host.Store.OfSessionAsync(session, CancellationToken.None)).Where(r => r.ParentId is not null).ToList();
        var listed = await host.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{session}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(screenshots, Has.Count.EqualTo(4), "three links and one row for the rest");
            Assert.That(screenshots.Where(r => r.Url is not null).Select(r => r.Url), Is.EquivalentTo(links.Split('|').Take(3)));
            Assert.That(refused.Reason, Does.Contain("2 more").And.Contain("MediaArtifacts:MaxUrlsPerList (3)"));
            Assert.That(server.Requests.Count(r => r.PathAndQuery.StartsWith($"/files/{session}-4", StringComparison.Ordinal)
                || r.PathAndQuery.StartsWith($"/files/{session}-5", StringComparison.Ordinal)), Is.Zero, "the links past the cap are never fetched");
            Assert.That(listed.GetProperty("items").EnumerateArray().Any(item =>
                item.GetProperty("status").GetString() == ArtifactStatus.Rejected && item.GetProperty("reason").GetString() == refused.Reason), Is.True,
                "the read API lists the refusal with its reason");
        }
    }
}
