using System.Net;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;

namespace JaasPipeline.Analytics.Tests;

/// <summary>
/// Every participant's statistics file appears in the meeting's <c>quality</c>, whatever became of it (issue 23):
/// <c>status</c> done, limited, pending, missing or failed, <c>reason</c> the limit or error (null when done), figures null
/// when there are none.
/// </summary>
public sealed partial class AnalyticsApiTests
{
    [Test]
    public async Task FilesThatWereSummarizedLimitedMissingOrFailed_AreEachListedWithStatusAndReason()
    {
        const string session = "four-files-session";
        StatisticsFileGenerator.Write(StoredPath("done.gz"), seed: 11, connections: 1, samplesPerConnection: 50);
        HostileStatisticsFiles.WriteLongLine(StoredPath("limited.gz"), 1_100_000);
        await File.WriteAllTextAsync(StoredPath("failed.gz"), "this is not gzip");
        await host.Bus.Publish(Stored(session, "done.gz", "user-a"));
        await host.Bus.Publish(Stored(session, "limited.gz", "user-b"));
        await host.Bus.Publish(Stored(session, "failed.gz", "user-c"));
        await host.Bus.Publish(Stored(session, "never-stored.gz", "user-d"));

        // Analytics:QualityMaxAttempts is 2 in this fixture: the file that is not gzip is failed after its second attempt.
        var quality = await QualityWhenAsync(session, items => items.Count == 4 && items.All(q => q.GetProperty("status").GetString() != "pending"));

        Assert.That(quality.Select(q => (q.GetProperty("participantId").GetString(), q.GetProperty("status").GetString())), Is.EqualTo(new[]
        {
            ("user-a", "done"), ("user-b", "limited"), ("user-c", "failed"), ("user-d", "missing"),
        }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quality[0].GetProperty("reason").ValueKind, Is.EqualTo(JsonValueKind.Null), "done: no reason");
            Assert.That(quality[0].GetProperty("rttMeanMs").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(quality[0].GetProperty("rttSource").GetString(), Is.EqualTo("candidate-pair"));
            Assert.That(quality[1].GetProperty("reason").GetString(), Does.Contain("1 line(s) longer than Analytics:QualityMaxLineBytes (1048576 bytes) skipped"));
            Assert.That(quality[1].GetProperty("rttMeanMs").GetInt64(), Is.EqualTo(40), "limited: the figures of what was read");
            Assert.That(quality[2].GetProperty("reason").GetString(), Does.StartWith("The file is not gzip or is damaged: "));
            Assert.That(quality[3].GetProperty("reason").GetString(), Is.EqualTo("The file is not in the artifact store."));
            foreach (var unread in quality[2..])
            {
                foreach (var figure in new[] { "rttMeanMs", "rttP95Ms", "rttSource", "jitterMeanMs", "packetLossRatio", "inboundKbps", "outboundKbps", "durationMs", "iceReconnects", "iceFailed", "malformedLines" })
                {
                    Assert.That(unread.GetProperty(figure).ValueKind, Is.EqualTo(JsonValueKind.Null), $"{unread.GetProperty("status")}: {figure}");
                }
            }
        }
    }

    [Test]
    public async Task FileNotSummarizedYet_IsListedPendingWithoutFigures()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The file that holds its reader is a named pipe (mkfifo).");
        }

        // The stored file is a named pipe: the worker's read waits until the test writes the file into it.
        const string session = "pending-session";
        var path = StoredPath("pending.gz");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
        }

        var content = Path.Combine(folder.Path, "pending-content.gz");
        StatisticsFileGenerator.Write(content, seed: 12, connections: 1, samplesPerConnection: 50);
        await host.Bus.Publish(Stored(session, "pending.gz", "user-p"));
        try
        {
            var pending = (await QualityWhenAsync(session, items => items.Count == 1)).Single();
            Assert.That(pending.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(pending.GetProperty("reason").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(pending.GetProperty("rttMeanMs").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(pending.GetProperty("iceFailed").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
        finally
        {
            // Lets the reader go whatever happened above, so the host can stop.
            await File.WriteAllBytesAsync(path, await File.ReadAllBytesAsync(content));
        }

        var done = (await QualityWhenAsync(session, items => items.Count == 1 && items[0].GetProperty("status").GetString() == "done")).Single();
        Assert.That(done.GetProperty("rttMeanMs").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public async Task SameFileNotedUnderTwoEventKeys_IsListedOnceAsTheFurthestItGot()
    {
        // JaaS re-sent RTCSTATS_UPLOADED under a new key: the same participant, endpoint and file (SHA-256). One copy was
        // summarized, the other is not in the store: the participant has one file, and it was read.
        const string session = "resent-session";
        StatisticsFileGenerator.Write(StoredPath("resent.gz"), seed: 13, connections: 1, samplesPerConnection: 50);
        var first = Stored(session, "resent.gz", "user-r");
        await host.Bus.Publish(first);
        await host.Bus.Publish(first with { IdempotencyKey = $"{session}-again", StoragePath = "app/room/rtcstats/resent-copy-deleted.gz" });

        await Eventually.WaitUntilAsync(
            async () => await host.QualityRowAsync(first.IdempotencyKey) is ("done", _) && await host.QualityRowAsync($"{session}-again") is ("missing", _),
            Deadline, "one copy summarized, the other marked missing");
        var quality = await QualityWhenAsync(session, _ => true);

        Assert.That(quality.Select(q => (q.GetProperty("participantId").GetString(), q.GetProperty("status").GetString())), Is.EqualTo(new[] { ("user-r", "done") }));
    }

    /// <summary>Where the media-artifacts service would have stored <paramref name="fileName"/> (for <see cref="Stored"/>).</summary>
    private string StoredPath(string fileName)
    {
        var path = Path.Combine(host.ArtifactRoot, "app", "room", "rtcstats", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static ArtifactStored Stored(string session, string fileName, string participantId) => new()
    {
        ArtifactId = Guid.NewGuid(), Kind = ArtifactKinds.RtcStats, EventType = JaasEventTypes.RtcStatsUploaded,
        IdempotencyKey = $"{session}-{fileName}", SessionId = session, Fqn = "app/room", StoragePath = $"app/room/rtcstats/{fileName}",
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileName))),
        ParticipantId = participantId,
    };

    /// <summary>The meeting's <c>quality</c> once <paramref name="done"/> holds for it (within the deadline).</summary>
    private async Task<List<JsonElement>> QualityWhenAsync(string session, Func<List<JsonElement>, bool> done)
    {
        List<JsonElement> quality = [];
        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await host.Client.GetAsync($"/api/analytics/{session}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            quality = body.RootElement.GetProperty("quality").EnumerateArray().Select(q => q.Clone()).ToList();
            return done(quality);
        }, Deadline, $"the quality of {session}");
        return quality;
    }
}
