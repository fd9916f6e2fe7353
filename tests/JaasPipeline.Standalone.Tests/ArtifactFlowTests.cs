using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JaasPipeline.Analytics.Quality;
using JaasPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Standalone.Tests;

/// <summary>
/// The three consumer services working together in the Standalone as a user runs it: JaaS announces a statistics file
/// and a transcript file; the media-artifacts service downloads both from storage (a real HTTP server on loopback,
/// standing in for JaaS's storage), stores them and publishes ArtifactStored; analytics summarizes the statistics file
/// and transcription lists the transcript file — each readable through its service's API.
/// </summary>
public sealed class ArtifactFlowTests
{
    private const string Secret = "whsec_standalone_artifact_flow_0000000";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string StandaloneDll = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll");

    // Two getstats entries of one connection, 2 s apart: the selected pair's round trip 40 ms, then 60 ms (the second
    // entry sends only what changed, as rtcstats does).
    private const string StatisticsFile = """
        ["getstats", "PC_0", {"timestamp": 1000, "CP": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.040, "timestamp": 0}, "T": {"type": "transport", "selectedCandidatePairId": "CP", "timestamp": 0}}, 1000, 1]
        ["getstats", "PC_0", {"timestamp": 3000, "CP": {"currentRoundTripTime": 0.060}, "T": {}}, 3000, 2]
        """;

    [Test]
    public async Task StatisticsAndTranscriptFiles_AreDownloadedStoredAndReadByAnalyticsAndTranscription()
    {
        await using var storage = await StartStorageAsync();
        using var folder = new TempFolder("artifact-flow");
        await using var standalone = await StartStandaloneAsync(folder);
        var session = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await SignedDelivery.DeliverAsync(standalone.Client, Secret, Event("RTCSTATS_UPLOADED", session, now,
            $$"""{"statsUrl":"{{storage.Url}}/stats.gz","participantId":"user-1","participantName":"Ada","endpointId":"ep1"}"""));
        await SignedDelivery.DeliverAsync(standalone.Client, Secret, Event("TRANSCRIPTION_UPLOADED", session, now,
            $$"""{"preAuthenticatedLink":"{{storage.Url}}/transcript.json"}"""));

        var artifacts = await EventuallyJsonAsync(standalone.Client, $"/api/artifacts/{session}",
            json => json["items"]!.AsArray().Count == 2 && json["items"]!.AsArray().All(a => (string?)a!["status"] == "stored"), "both files stored");
        Assert.That(artifacts["items"]!.AsArray().Select(a => (string?)a!["kind"]), Is.EquivalentTo(new[] { "rtcstats", "transcription" }));
        var transcriptBytes = Encoding.UTF8.GetBytes(storage.Transcript);
        Assert.That(artifacts["items"]!.AsArray().Single(a => (string?)a!["kind"] == "transcription")!["sizeBytes"]!.GetValue<long>(), Is.EqualTo(transcriptBytes.Length));

        var analytics = await EventuallyJsonAsync(standalone.Client, $"/api/analytics/{session}",
            json => json["quality"]?.AsArray().Count == 1 && (string?)json["quality"]![0]!["status"] == "done", "the statistics file summarized");
        var quality = analytics["quality"]![0]!;
        Assert.That((string?)quality["participantId"], Is.EqualTo("user-1"));
        Assert.That((string?)quality["endpointId"], Is.EqualTo("ep1"));
        Assert.That(quality["rttMeanMs"]!.GetValue<long>(), Is.EqualTo(50));
        Assert.That(quality["durationMs"]!.GetValue<long>(), Is.EqualTo(2000));

        var transcript = await EventuallyJsonAsync(standalone.Client, $"/api/transcripts/{session}",
            json => json["files"]?.AsArray().Count == 1, "the transcript file linked to the meeting");
        var file = transcript["files"]![0]!;
        Assert.That(file["sizeBytes"]!.GetValue<long>(), Is.EqualTo(transcriptBytes.Length));
        Assert.That((string?)file["sha256"], Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(transcriptBytes))));
        Assert.That(storage.Requests, Is.EqualTo(2), "each file fetched once");
    }

    [Test]
    public async Task RealStatisticsFile_IsDownloadedAndSummarizedWithItsReconnectsAndFailure()
    {
        // A real Chrome file of jitsi/rtcstats-server's suite (issue 23): its JVB connection reconnects twice and fails,
        // which only its connection states show. Through the whole pipeline it must read as the summarizer reads it and
        // as Jitsi's own extractor does (its expected results beside the file).
        var real = Path.Combine(ServiceProcess.RepositoryRoot, "..", "shared", "real-rtcstats", "chrome-standard-pc-reconnect.gz");
        if (!File.Exists(real))
        {
            Assert.Ignore($"No real statistics file at {real} (the team kit ../shared/real-rtcstats is not beside this repository).");
        }

        await using var storage = await StartStorageAsync(await File.ReadAllBytesAsync(real));
        using var folder = new TempFolder("artifact-flow-real");
        await using var standalone = await StartStandaloneAsync(folder);
        var session = Guid.NewGuid().ToString();

        await SignedDelivery.DeliverAsync(standalone.Client, Secret, Event("RTCSTATS_UPLOADED", session, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            $$"""{"statsUrl":"{{storage.Url}}/real.gz","participantId":"user-2","participantName":"Grace","endpointId":"ep2"}"""));

        var analytics = await EventuallyJsonAsync(standalone.Client, $"/api/analytics/{session}",
            json => json["quality"]?.AsArray().Count == 1 && (string?)json["quality"]![0]!["status"] == "done", "the real statistics file summarized");
        var quality = analytics["quality"]![0]!;
        await using var file = File.OpenRead(real);
        var direct = await CallQualitySummarizer.SummarizeAsync(file, CancellationToken.None);
        using var peer = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(real)!, "peer-results", "chrome-standard-pc-reconnect.json")));
        var peerConnections = peer.RootElement[0].GetProperty("features").GetProperty("aggregates").EnumerateObject().Select(pc => pc.Value).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quality["iceReconnects"]!.GetValue<int>(), Is.EqualTo(peerConnections.Sum(pc => pc.GetProperty("iceReconnects").GetInt32())));
            Assert.That(quality["iceFailed"]!.GetValue<bool>(), Is.EqualTo(peerConnections.Any(pc => pc.GetProperty("connectionFailed").GetBoolean())));
            Assert.That(quality["iceReconnects"]!.GetValue<int>(), Is.EqualTo(direct.IceReconnects));
            Assert.That(quality["rttMeanMs"]!.GetValue<long>(), Is.EqualTo(direct.RttMeanMs));
            Assert.That(quality["rttP95Ms"]!.GetValue<long>(), Is.EqualTo(direct.RttP95Ms));
            Assert.That((string?)quality["rttSource"], Is.EqualTo(direct.RttSource));
            Assert.That(quality["durationMs"]!.GetValue<long>(), Is.EqualTo(direct.DurationMs));
            Assert.That(quality["malformedLines"]!.GetValue<int>(), Is.EqualTo(direct.MalformedLines));
        }
    }

    private static Task<ServiceProcess> StartStandaloneAsync(TempFolder folder) =>
        ServiceProcess.StartAsync(StandaloneDll, folder.Path, new Dictionary<string, string>
        {
            ["Ingress__WebhookSecrets__0"] = Secret,
            // The stand-in storage is on loopback: named exactly (so its address is not checked) and plain http.
            ["MediaArtifacts__AllowedHosts__0"] = "127.0.0.1",
            ["MediaArtifacts__RequireHttps"] = "false",
        });

    private static string Event(string eventType, string session, long timestamp, string data) =>
        $$"""{"idempotencyKey":"{{Guid.NewGuid()}}","customerId":"c1","appId":"vpaas-magic-cookie-c1","eventType":"{{eventType}}","sessionId":"{{session}}","timestamp":{{timestamp}},"fqn":"vpaas-magic-cookie-c1/flow-room","data":{{data}}}""";

    private static async Task<JsonNode> EventuallyJsonAsync(HttpClient client, string path, Func<JsonNode, bool> done, string what)
    {
        JsonNode? last = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            last = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            return last is not null && done(last);
        }, Deadline, what);
        return last!;
    }

    /// <summary>JaaS's storage on loopback: the generated statistics file, a transcript, and <paramref name="realFile"/> as <c>/real.gz</c>.</summary>
    private static async Task<StorageServer> StartStorageAsync(byte[]? realFile = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StorageServer(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server.RequestCount);
            await next(context);
        });
        app.MapGet("/stats.gz", () => Results.Bytes(Gzip(StatisticsFile), "application/gzip"));
        app.MapGet("/real.gz", () => realFile is null ? Results.NotFound() : Results.Bytes(realFile, "application/gzip"));
        app.MapGet("/transcript.json", () => Results.Bytes(Encoding.UTF8.GetBytes(server.Transcript), "application/json"));
        await app.StartAsync();
        return server;
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private sealed class StorageServer(WebApplication app) : IAsyncDisposable
    {
        public int RequestCount;

        public string Url => app.Urls.First();

        public string Transcript => """{"format":"not documented","lines":["Hello, world."]}""";

        public int Requests => Volatile.Read(ref RequestCount);

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
