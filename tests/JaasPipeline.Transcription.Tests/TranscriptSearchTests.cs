using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.Transcription.Tests;

/// <summary>The search across meetings, on SQLite FTS5, through the API.</summary>
public sealed class TranscriptSearchTests
{
    private const string OtherFqn = "vpaas-magic-cookie-c1/boardroom";
    private TempFolder folder = null!;
    private TranscriptionTestHost host = null!;
    private string standup = "";
    private string board = "";

    [OneTimeSetUp]
    public async Task StartWithTwoMeetings()
    {
        folder = new TempFolder();
        host = await TranscriptionTestHost.StartAsync(folder);
        standup = Chunks.NewSessionId();
        board = Chunks.NewSessionId();
        var bodies = new[]
        {
            Chunks.Delivery(standup, "s1", Chunks.T0, " Let us start the quarterly budget review."),
            Chunks.Delivery(standup, "s2", Chunks.T0.AddMinutes(1), "The budget is tight, she said \"stop\" twice."),
            Chunks.Delivery(standup, "s3", Chunks.T0.AddMinutes(2), "We meet near the café at noon."),
            Chunks.Delivery(standup, "s4", Chunks.T0.AddMinutes(3), "Nothing to see here: budget* -budget NEAR(a b) column:x"),
            Chunks.Delivery(board, "b1", Chunks.T0.AddHours(1), "Approve the quarterly budget review now.", fqn: OtherFqn),
            Chunks.Delivery(board, "b2", Chunks.T0.AddHours(1).AddMinutes(1), "مرحبا بكم في اجتماع المجلس", fqn: OtherFqn),
            Chunks.Delivery(board, "b3", Chunks.T0.AddHours(1).AddMinutes(2), "Second quarterly budget review item.", fqn: OtherFqn),
        };
        foreach (var body in bodies)
        {
            await host.DeliverAsync(body);
        }

        await host.WaitHandledAsync([.. new[] { "s1", "s2", "s3", "s4" }.Select(m => $"{standup}-{m}"), .. new[] { "b1", "b2", "b3" }.Select(m => $"{board}-{m}")]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task Phrase_IsFoundAcrossMeetings_NewestFirst()
    {
        var hits = await SearchAsync("q=quarterly%20budget%20review");

        Assert.That(hits.Select(h => (h.SessionId, h.MessageId)), Is.EqualTo(new[] { (board, "b3"), (board, "b1"), (standup, "s1") }));
        Assert.That(hits[2].Text, Is.EqualTo("Let us start the quarterly budget review."));
    }

    [Test]
    public async Task FqnFilter_KeepsOneRoom()
    {
        var hits = await SearchAsync($"q=quarterly%20budget&fqn={Uri.EscapeDataString(Chunks.Fqn)}");

        Assert.That(hits.Select(h => h.MessageId), Is.EqualTo(new[] { "s1" }));
    }

    [Test]
    public async Task TimeWindow_KeepsPhrasesInside()
    {
        var from = Uri.EscapeDataString(Chunks.T0.AddSeconds(30).ToString("O"));
        var to = Uri.EscapeDataString(Chunks.T0.AddHours(1).AddSeconds(30).ToString("O"));

        var hits = await SearchAsync($"q=budget&from={from}&to={to}");

        Assert.That(hits.Select(h => h.MessageId), Is.EqualTo(new[] { "b1", "s4", "s2" }));
    }

    [Test]
    public async Task Pages_CoverEveryMatchOnceInOrder()
    {
        var all = await SearchAsync("q=budget");
        var pages = new List<Hit>();
        var nexts = new List<string?>();
        string? cursor = null;
        do
        {
            var body = await GetJsonAsync("/api/transcripts/search?q=budget&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            pages.AddRange(Hits(body));
            cursor = body.GetProperty("next").GetString();
            nexts.Add(cursor);
        }
        while (cursor is not null && nexts.Count < 10);

        Assert.That(all.Select(h => h.MessageId), Is.EqualTo(new[] { "b3", "b1", "s4", "s2", "s1" }));
        Assert.That(pages, Is.EqualTo(all));
        Assert.That(nexts.Select(next => next is null), Is.EqualTo(new[] { false, false, true }), "three pages, the last without next");
    }

    [Test]
    public async Task PhraseSaidBetweenPages_DoesNotShiftTheNextPage()
    {
        // A room of its own, so the other tests' phrases stay as they are.
        var fqn = "vpaas-magic-cookie-c1/paging-" + Guid.NewGuid().ToString("N")[..8];
        var session = Chunks.NewSessionId();
        foreach (var (id, minute) in new[] { ("p1", 1), ("p2", 2), ("p3", 3) })
        {
            await host.DeliverAsync(Chunks.Delivery(session, id, Chunks.T0.AddMinutes(minute), "pagination check", fqn: fqn));
        }

        await host.WaitHandledAsync([$"{session}-p1", $"{session}-p2", $"{session}-p3"]);
        var query = $"/api/transcripts/search?q=pagination&fqn={Uri.EscapeDataString(fqn)}&limit=2";
        var first = await GetJsonAsync(query);

        await host.DeliverAsync(Chunks.Delivery(session, "p4", Chunks.T0.AddMinutes(4), "pagination check, said later", fqn: fqn));
        await host.WaitHandledAsync([$"{session}-p4"]);
        var second = await GetJsonAsync(query + "&cursor=" + Uri.EscapeDataString(first.GetProperty("next").GetString()!));

        Assert.That(Hits(first).Select(h => h.MessageId), Is.EqualTo(new[] { "p3", "p2" }));
        Assert.That(Hits(second).Select(h => h.MessageId), Is.EqualTo(new[] { "p1" }), "the page after p2, whatever was said since");
        Assert.That(second.GetProperty("next").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Hits(await GetJsonAsync(query)).Select(h => h.MessageId), Is.EqualTo(new[] { "p4", "p3" }), "a new first page has it");
    }

    [TestCase("\"stop\"", new[] { "s2" }, TestName = "QueryWithQuotes_IsTheWordsInside")]
    [TestCase("\"", new string[0], TestName = "LoneQuote_FindsNothing")]
    [TestCase("budget OR nonsense", new string[0], TestName = "Or_IsAWordNotAnOperator")]
    [TestCase("budget NOT review", new string[0], TestName = "Not_IsAWordNotAnOperator")]
    [TestCase("-budget", new[] { "b3", "b1", "s4", "s2", "s1" }, TestName = "LeadingMinus_IsNotANegation")]
    [TestCase("budg*", new string[0], TestName = "Star_IsNotAPrefixSearch")]
    [TestCase("NEAR", new[] { "s4", "s3" }, TestName = "Near_IsAWordNotAnOperator")]
    [TestCase("NEAR(budget review)", new string[0], TestName = "NearGroup_IsAPhraseNotAnOperator")]
    [TestCase("phrase: budget", new string[0], TestName = "ColumnFilter_IsAPhraseNotAFilter")]
    [TestCase("cafe", new[] { "s3" }, TestName = "Accents_AreIgnoredInTheQuery")]
    [TestCase("اجتماع المجلس", new[] { "b2" }, TestName = "RightToLeftPhrase_IsFound")]
    public async Task UserInput_IsSearchedAsAPhraseNeverAsSyntax(string q, string[] expected)
    {
        var hits = await SearchAsync("q=" + Uri.EscapeDataString(q));

        Assert.That(hits.Select(h => h.MessageId), Is.EqualTo(expected));
    }

    [TestCase("", TestName = "MissingQ_Is400Problem")]
    [TestCase("q=%20%20", TestName = "BlankQ_Is400Problem")]
    [TestCase("q=budget&from=yesterday", TestName = "BadFrom_Is400Problem")]
    [TestCase("q=budget&limit=0", TestName = "LimitZero_Is400Problem")]
    [TestCase("q=budget&limit=501", TestName = "LimitTooLarge_Is400Problem")]
    [TestCase("q=budget&limit=1.5", TestName = "FractionalLimit_Is400Problem")]
    [TestCase("q=budget&cursor=not-a-cursor", TestName = "BadCursor_Is400Problem")]
    [TestCase("q=budget&cursor=WyJ4IiwieSJd", TestName = "CursorOfOtherValues_Is400Problem")]
    [TestCase("q=a%00b", TestName = "NulInQ_Is400Problem")]
    [TestCase("q=budget%1B%5B2J", TestName = "EscapeInQ_Is400Problem")]
    public async Task BadQuery_Is400Problem(string query)
    {
        using var response = await host.Client.GetAsync("/api/transcripts/search?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private async Task<List<Hit>> SearchAsync(string query) => Hits(await GetJsonAsync("/api/transcripts/search?" + query));

    private static List<Hit> Hits(JsonElement body) => body.GetProperty("items").EnumerateArray()
        .Select(r => new Hit(r.GetProperty("sessionId").GetString()!, r.GetProperty("messageId").GetString()!, r.GetProperty("text").GetString()!))
        .ToList();

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await host.Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private sealed record Hit(string SessionId, string MessageId, string Text);
}
