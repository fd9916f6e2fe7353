using JaasPipeline.Data;

namespace JaasPipeline.Transcription.Tests;

/// <summary>
/// How the user's search text reaches each database: always as a parameter, shaped so that nothing in it is query
/// syntax. The SQLite side is also exercised end to end (<see cref="TranscriptSearchTests"/>); SQL Server only here.
/// </summary>
public sealed class SearchTextTests
{
    [TestCase("budget review", "\"budget review\"")]
    [TestCase("say \"stop\"", "\"say \"\"stop\"\"\"")]
    [TestCase("\"", "\"\"\"\"")]
    [TestCase("NEAR(a b) * -x OR y", "\"NEAR(a b) * -x OR y\"")]
    public void Fts5Phrase_IsOneQuotedStringWithItsQuotesDoubled(string text, string phrase)
    {
        Assert.That(TranscriptStore.FullTextPhrase(text, DatabaseProvider.Sqlite), Is.EqualTo(phrase));
    }

    [TestCase("budget review", "\"budget review\"")]
    [TestCase("say \"stop\" FORMSOF(x)", "\"say  stop  FORMSOF(x)\"")]
    public void ContainsPhrase_IsOneQuotedStringWithoutQuotesInside(string text, string phrase)
    {
        Assert.That(TranscriptStore.FullTextPhrase(text, DatabaseProvider.SqlServer), Is.EqualTo(phrase));
    }

    [TestCase("50% off", @"%50\% off%")]
    [TestCase("snake_case", @"%snake\_case%")]
    [TestCase("[a-z]", @"%\[a-z]%")]
    [TestCase(@"C:\temp", @"%C:\\temp%")]
    public void LikePattern_EscapesEveryWildcard(string text, string pattern)
    {
        Assert.That(TranscriptStore.LikePattern(text), Is.EqualTo(pattern));
    }

    [TestCase("budget", true)]
    [TestCase("é", true)]
    [TestCase("مرحبا", true)]
    [TestCase("42", true)]
    [TestCase("\" * -", false)]
    [TestCase("🎉", false)]
    public void HasWords_TellsWhetherFullTextCanSearchIt(string text, bool hasWords)
    {
        Assert.That(TranscriptStore.HasWords(text), Is.EqualTo(hasWords));
    }
}
