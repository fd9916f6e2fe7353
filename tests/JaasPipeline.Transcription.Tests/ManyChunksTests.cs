using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.Transcription.Tests;

/// <summary>A long meeting: 10,000 phrases stored in random order come back complete and in spoken order.</summary>
public sealed class ManyChunksTests
{
    public const int Phrases = 10_000;
    private TempFolder folder = null!;
    private TranscriptionTestHost host = null!;
    private string sessionId = "";

    [OneTimeSetUp]
    public async Task StartWithALongMeeting()
    {
        folder = new TempFolder();
        host = await TranscriptionTestHost.StartAsync(folder);
        sessionId = Chunks.NewSessionId();
        var random = new Random(11);
        var segments = Enumerable.Range(0, Phrases)
            .Select(i => Chunks.Segment(sessionId, Guid.NewGuid().ToString(), Chunks.T0.AddMilliseconds(i * 1500L), $" Phrase {i}: what was said, with a few more words. ", i % 2 == 0 ? "Jane Doe" : "Bob"))
            .OrderBy(_ => random.Next())
            .ToList();
        await host.StoreDirectlyAsync(segments);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task TenThousandPhrases_ComeBackCompleteAndInOrder()
    {
        var transcript = await host.Client.GetFromJsonAsync<JsonElement>($"/api/transcripts/{sessionId}");

        var texts = transcript.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("text").GetString()).ToList();
        Assert.That(texts, Is.EqualTo(Enumerable.Range(0, Phrases).Select(i => $"Phrase {i}: what was said, with a few more words.")));
    }

    [Test]
    public async Task TenThousandPhrases_GiveAWellFormedWebVttFile()
    {
        var vtt = await host.Client.GetStringAsync($"/api/transcripts/{sessionId}?format=vtt");

        var cues = WebVttChecker.Read(vtt, out var errors);
        Assert.That(errors, Is.Empty);
        Assert.That(cues, Has.Count.EqualTo(Phrases));
    }

    /// <summary>
    /// The measurement of docs/benchmarks.md, "Other measurements" (not a timed test: it asserts nothing about time, and runs only when asked):
    /// <c>dotnet test tests/JaasPipeline.Transcription.Tests -c Release --filter "FullyQualifiedName~ReadBackBenchmark"</c>.
    /// </summary>
    [Test, Explicit("A benchmark: run it by name")]
    public async Task ReadBackBenchmark()
    {
        foreach (var format in new[] { "json", "text", "vtt" })
        {
            var path = $"/api/transcripts/{sessionId}?format={format}";
            await host.Client.GetStringAsync(path); // warm-up
            var times = new List<double>();
            var bytes = 0;
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                bytes = (await host.Client.GetByteArrayAsync(path)).Length;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            TestContext.Out.WriteLine($"GET ?format={format} of {Phrases:N0} phrases ({bytes:N0} bytes): median {times[10]:F0} ms, worst {times[^1]:F0} ms over 20 reads");
        }

        var store = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            var transcript = await host.Store.TranscriptAsync(sessionId, CancellationToken.None);
            store.Add(watch.Elapsed.TotalMilliseconds);
            Assert.That(transcript!.Segments, Has.Count.EqualTo(Phrases));
        }

        store.Sort();
        TestContext.Out.WriteLine($"TranscriptStore.TranscriptAsync of {Phrases:N0} phrases: median {store[10]:F0} ms, worst {store[^1]:F0} ms over 20 reads");
    }
}
