using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JaasPipeline.Contracts;
using JaasPipeline.Testing;
using MassTransit;

namespace JaasPipeline.Transcription.Tests;

/// <summary>Chunks delivered to the real ingress as JaaS sends them, read back through the transcription API, on SQLite and on SQL Server (where Docker answers).</summary>
[TestFixtureSource(typeof(TestDatabaseBackend), nameof(TestDatabaseBackend.All))]
public sealed class TranscriptThroughIngressTests(TestDatabaseBackend backend)
{
    private TestDatabase? ingressDatabase;
    private TestDatabase? transcriptionDatabase;
    private TranscriptionTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        ingressDatabase = await backend.CreateAsync("ingress");
        transcriptionDatabase = await backend.CreateAsync(TranscriptionExtensions.ServiceName);
        host = await TranscriptionTestHost.StartAsync(ingressDatabase, transcriptionDatabase);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        foreach (var database in new[] { ingressDatabase, transcriptionDatabase })
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task ShuffledAndRepeatedChunks_GiveOneTranscriptInSpokenOrder()
    {
        var sessionId = Chunks.NewSessionId();
        // Spoken order: by timestamp, then messageID (m03 and m04 share a millisecond).
        var spoken = Enumerable.Range(0, 20)
            .Select(i => (MessageId: $"m{i:D2}", At: Chunks.T0.AddMilliseconds(i == 4 ? 3 * 1100 : i * 1100), Text: $" phrase number {i}."))
            .ToList();
        var deliveries = spoken.Select(chunk => Chunks.Delivery(sessionId, chunk.MessageId, chunk.At, chunk.Text)).ToList();
        // Every chunk twice under its own key (the ingress answers "duplicate"), every third once more under a new key.
        var resent = spoken.Where((_, i) => i % 3 == 0)
            .Select(chunk => Chunks.Delivery(sessionId, chunk.MessageId, chunk.At, chunk.Text, idempotencyKey: $"resent-{sessionId}-{chunk.MessageId}"))
            .ToList();
        var all = deliveries.Concat(deliveries).Concat(resent).OrderBy(_ => Random.Shared.Next()).ToList();

        foreach (var body in all)
        {
            await host.DeliverAsync(body);
        }

        await host.WaitHandledAsync(all.Select(IdempotencyKey));
        var transcript = await GetJsonAsync($"/api/transcripts/{sessionId}");

        var segments = transcript.GetProperty("segments").EnumerateArray().ToList();
        Assert.That(segments.Select(s => s.GetProperty("messageId").GetString()), Is.EqualTo(spoken.Select(c => c.MessageId)));
        Assert.That(segments.Select(s => s.GetProperty("text").GetString()), Is.EqualTo(spoken.Select(c => c.Text.Trim())));
        Assert.That(transcript.GetProperty("fqn").GetString(), Is.EqualTo(Chunks.Fqn));
    }

    [Test]
    public async Task ResentMessageIdUnderNewKey_AppearsOnce()
    {
        var sessionId = Chunks.NewSessionId();
        var first = Chunks.Delivery(sessionId, "018c57d5-c800-72db-94fe-454a891790f3", Chunks.T0, " This is a final transcription phrase.", idempotencyKey: "key-1-" + sessionId);
        var again = Chunks.Delivery(sessionId, "018c57d5-c800-72db-94fe-454a891790f3", Chunks.T0, " This is a final transcription phrase.", idempotencyKey: "key-2-" + sessionId);

        var before = await PrometheusScrape.ReadAsync(host.Client);
        await host.DeliverAsync(first);
        await host.DeliverAsync(again);
        await host.WaitHandledAsync(["key-1-" + sessionId, "key-2-" + sessionId]);
        var after = await PrometheusScrape.ReadAsync(host.Client);

        var transcript = await host.Store.TranscriptAsync(sessionId, CancellationToken.None);
        Assert.That(transcript!.Segments, Has.Count.EqualTo(1));
        Assert.That(transcript.Segments[0].IdempotencyKey, Is.EqualTo("key-1-" + sessionId).Or.EqualTo("key-2-" + sessionId));
        // Other tests of this fixture run one at a time, so the counters moved by this meeting's two chunks only.
        Assert.That(after.Delta(before, "jaas_transcription_segments_total"), Is.EqualTo(1));
        Assert.That(after.Delta(before, "jaas_transcription_resent_segments_total"), Is.EqualTo(1));
    }

    [Test]
    public async Task SameMessageIdInAnotherMeeting_IsAnotherPhrase()
    {
        var one = Chunks.NewSessionId();
        var other = Chunks.NewSessionId();

        await host.DeliverAsync(Chunks.Delivery(one, "shared-id", Chunks.T0, "in one"));
        await host.DeliverAsync(Chunks.Delivery(other, "shared-id", Chunks.T0, "in the other"));
        await host.WaitHandledAsync([$"{one}-shared-id", $"{other}-shared-id"]);

        Assert.That((await host.Store.TranscriptAsync(one, CancellationToken.None))!.Segments.Single().Text, Is.EqualTo("in one"));
        Assert.That((await host.Store.TranscriptAsync(other, CancellationToken.None))!.Segments.Single().Text, Is.EqualTo("in the other"));
    }

    [Test]
    public async Task UnicodeNamesAndTexts_SurviveUnchanged()
    {
        var sessionId = Chunks.NewSessionId();
        var said = new[]
        {
            (Name: "Zoë Ærøskøbing-Ñúñez", Text: " Ça coûte 5 € — déjà vu, naïve façade. "),
            (Name: "محمد العربي", Text: "مرحبا، هل تسمعني؟"),
            (Name: "דוד", Text: "שלום עולם ‏(RTL)‏"),
            (Name: "🎤 Kai 👩🏽‍💻", Text: "Ship it 🚀🎉 — e\u0301 combining, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, 中文字幕"),
        };
        var keys = new List<string>();
        for (var i = 0; i < said.Length; i++)
        {
            await host.DeliverAsync(Chunks.Delivery(sessionId, $"u{i}", Chunks.T0.AddSeconds(i), said[i].Text, said[i].Name));
            keys.Add($"{sessionId}-u{i}");
        }

        await host.WaitHandledAsync(keys);
        var stored = (await host.Store.TranscriptAsync(sessionId, CancellationToken.None))!.Segments;
        var segments = (await GetJsonAsync($"/api/transcripts/{sessionId}")).GetProperty("segments").EnumerateArray().ToList();
        var text = await host.Client.GetStringAsync($"/api/transcripts/{sessionId}?format=text");

        Assert.That(stored.Select(s => (s.Name, s.Text)), Is.EqualTo(said), "stored as received");
        Assert.That(segments.Select(s => (s.GetProperty("name").GetString(), s.GetProperty("text").GetString())),
            Is.EqualTo(said.Select(s => ((string?)s.Name, (string?)s.Text.Trim()))), "served trimmed");
        Assert.That(text, Is.EqualTo(string.Concat(said.Select((s, i) => $"00:00:0{i} {s.Name}: {s.Text.Trim()}\n"))));
    }

    [Test]
    public async Task TextFormat_IsOneLinePerPhraseTimedFromTheFirst()
    {
        var sessionId = Chunks.NewSessionId();
        await host.DeliverAsync(Chunks.Delivery(sessionId, "b", Chunks.T0.AddHours(1).AddMinutes(2).AddSeconds(3).AddMilliseconds(900), "later\non two lines", "Bob"));
        await host.DeliverAsync(Chunks.Delivery(sessionId, "a", Chunks.T0, "  first  ", "Jane Doe"));
        await host.WaitHandledAsync([$"{sessionId}-a", $"{sessionId}-b"]);

        using var response = await host.Client.GetAsync($"/api/transcripts/{sessionId}?format=text");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("00:00:00 Jane Doe: first\n01:02:03 Bob: later on two lines\n"));
    }

    [Test]
    public async Task ControlCharacters_ReachNeitherExport()
    {
        var sessionId = Chunks.NewSessionId();
        await host.DeliverAsync(Chunks.Delivery(sessionId, "a", Chunks.T0, "a\u0000b\u001B[2Jc\u007F", "Jo\u0000e\u009B"));
        await host.WaitHandledAsync([$"{sessionId}-a"]);

        var text = await host.Client.GetStringAsync($"/api/transcripts/{sessionId}?format=text");
        var vtt = await host.Client.GetStringAsync($"/api/transcripts/{sessionId}?format=vtt");
        var json = await GetJsonAsync($"/api/transcripts/{sessionId}");

        Assert.That(text, Is.EqualTo("00:00:00 Jo\uFFFDe\uFFFD: a\uFFFDb\uFFFD[2Jc\uFFFD\n"));
        Assert.That(vtt, Does.Contain("<v Jo\uFFFDe\uFFFD>a\uFFFDb\uFFFD[2Jc\uFFFD\n"));
        Assert.That(json.GetProperty("segments")[0].GetProperty("text").GetString(), Is.EqualTo("a\u0000b\u001B[2Jc\u007F"), "JSON escapes them: kept as sent");
    }

    [Test]
    public async Task VttFormat_IsWellFormedWebVtt()
    {
        var sessionId = Chunks.NewSessionId();
        await host.DeliverAsync(Chunks.Delivery(sessionId, "a", Chunks.T0, "R&D <meeting> --> now", "A>B\nC"));
        await host.DeliverAsync(Chunks.Delivery(sessionId, "b", Chunks.T0.AddMilliseconds(2500), "ok", "Bob"));
        await host.WaitHandledAsync([$"{sessionId}-a", $"{sessionId}-b"]);

        using var response = await host.Client.GetAsync($"/api/transcripts/{sessionId}?format=vtt");
        var cues = WebVttChecker.Read(await response.Content.ReadAsStringAsync(), out var errors);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/vtt"));
        Assert.That(errors, Is.Empty);
        Assert.That(cues, Is.EqualTo(new[]
        {
            new WebVttCue(TimeSpan.Zero, TimeSpan.FromMilliseconds(2500), "A>B C", "R&D <meeting> --> now"),
            new WebVttCue(TimeSpan.FromMilliseconds(2500), TimeSpan.FromMilliseconds(6500), "Bob", "ok"),
        }));
    }

    [Test]
    public async Task UnknownMeeting_Is404Problem()
    {
        using var response = await host.Client.GetAsync($"/api/transcripts/{Chunks.NewSessionId()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("VTT", "text/vtt")]
    [TestCase("Text", "text/plain")]
    [TestCase("JSON", "application/json")]
    public async Task Format_IsReadWhateverItsCase(string format, string mediaType)
    {
        var sessionId = Chunks.NewSessionId();
        await host.DeliverAsync(Chunks.Delivery(sessionId, "a", Chunks.T0, "hello"));
        await host.WaitHandledAsync([$"{sessionId}-a"]);

        using var response = await host.Client.GetAsync($"/api/transcripts/{sessionId}?format={format}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
    }

    [Test]
    public async Task UnknownFormat_Is400Problem()
    {
        var sessionId = Chunks.NewSessionId();
        await host.DeliverAsync(Chunks.Delivery(sessionId, "a", Chunks.T0, "hello"));
        await host.WaitHandledAsync([$"{sessionId}-a"]);

        using var response = await host.Client.GetAsync($"/api/transcripts/{sessionId}?format=srt");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task StoredTranscriptionFile_IsListedWithTheMeeting_OtherKindsAreNot()
    {
        var sessionId = Chunks.NewSessionId();
        await host.DeliverAsync(Chunks.Delivery(sessionId, "a", Chunks.T0, "hello"));
        var transcription = Artifact(sessionId, ArtifactKinds.Transcription, "transcript.json");
        var recording = Artifact(sessionId, ArtifactKinds.Recording, "recording.mp4");
        var ids = new[] { NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid() };

        await host.Bus.Publish(recording, context => context.MessageId = ids[0]);
        await host.Bus.Publish(transcription, context => context.MessageId = ids[1]);
        // The same file announced again (a republish after a crash of the media-artifacts service) is listed once.
        await host.Bus.Publish(transcription, context => context.MessageId = ids[2]);
        await host.WaitHandledAsync(ids);
        await host.WaitHandledAsync([$"{sessionId}-a"]);

        var files = (await GetJsonAsync($"/api/transcripts/{sessionId}")).GetProperty("files").EnumerateArray().ToList();

        Assert.That(files, Has.Count.EqualTo(1));
        var file = files[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.GetProperty("artifactId").GetString(), Is.EqualTo(transcription.ArtifactId.ToString()));
            Assert.That(file.GetProperty("storagePath").GetString(), Is.EqualTo(transcription.StoragePath));
            Assert.That(file.GetProperty("sha256").GetString(), Is.EqualTo(transcription.Sha256));
            Assert.That(file.GetProperty("sizeBytes").GetInt64(), Is.EqualTo(transcription.Bytes));
            Assert.That(file.GetProperty("fileName").GetString(), Is.EqualTo("transcript.json"));
            Assert.That(file.GetProperty("contentType").GetString(), Is.EqualTo("application/json"));
            Assert.That(file.GetProperty("storedAt").GetString(), Does.EndWith("Z"));
        }
    }

    [Test]
    public async Task MeetingWithOnlyItsFile_IsServedWithNoPhrases()
    {
        var sessionId = Chunks.NewSessionId();
        var id = NewId.NextGuid();
        await host.Bus.Publish(Artifact(sessionId, ArtifactKinds.Transcription, null), context => context.MessageId = id);
        await host.WaitHandledAsync([id]);

        var transcript = await GetJsonAsync($"/api/transcripts/{sessionId}");

        Assert.That(transcript.GetProperty("segments").GetArrayLength(), Is.Zero);
        Assert.That(transcript.GetProperty("files").GetArrayLength(), Is.EqualTo(1));
        Assert.That(transcript.GetProperty("fqn").GetString(), Is.EqualTo(Chunks.Fqn));
    }

    private static ArtifactStored Artifact(string sessionId, string kind, string? fileName) => new()
    {
        ArtifactId = Guid.NewGuid(),
        Kind = kind,
        EventType = kind == ArtifactKinds.Transcription ? "TRANSCRIPTION_UPLOADED" : "RECORDING_UPLOADED",
        IdempotencyKey = $"{sessionId}-{kind}",
        SessionId = sessionId,
        Fqn = Chunks.Fqn,
        EventTimestamp = Chunks.T0.AddHours(1),
        StoragePath = $"vpaas-magic-cookie-c1/testroom/{sessionId}/{kind}/{fileName ?? "file"}",
        Sha256 = new string('a', 64),
        Bytes = 1234,
        FileName = fileName,
        ContentType = "application/json",
    };

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await host.Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string IdempotencyKey(string body) => JsonDocument.Parse(body).RootElement.GetProperty("idempotencyKey").GetString()!;
}
