using System.Net;
using JaasPipeline.Data;
using JaasPipeline.Testing;

namespace JaasPipeline.Transcription.Tests;

/// <summary>What the transcription service checks before it starts, and its read API's access rule.</summary>
public sealed class StartupTests
{
    private const string Key = "transcription-team-key-0123456789";

    [Test]
    public void BundledSqlite_HasFts5()
    {
        Assert.That(TranscriptStore.SqliteHasFullText(), Is.True);
    }

    [Test]
    public void SqliteWithoutFts5_RefusesToStartInOneLineNamingTheKey()
    {
        var validator = new SqliteFullTextValidator("transcription", "Transcription:Database", () => false);

        var result = validator.Validate("transcription", new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=x.db" });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.StartWith("Transcription:Database:Provider is Sqlite").And.Contain("FTS5").And.Not.Contain("\n"));
    }

    [Test]
    public void SqlServer_IsNotAskedForFts5()
    {
        var validator = new SqliteFullTextValidator("transcription", "Transcription:Database", () => false);

        var result = validator.Validate("transcription", new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=x;Database=y" });

        Assert.That(result.Failed, Is.False);
    }

    [Test]
    public async Task WithKeysConfigured_NoKeyIs401_RightKeyIsServed()
    {
        using var folder = new TempFolder();
        await using var host = await TranscriptionTestHost.StartAsync(folder, new Dictionary<string, string?> { ["Api:Keys:0"] = Key });

        using var anonymous = await host.Client.GetAsync("/api/transcripts/search?q=x");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/transcripts/search?q=x");
        request.Headers.Add("X-Api-Key", Key);
        using var keyed = await host.Client.SendAsync(request);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(anonymous.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(keyed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
