namespace JaasPipeline.Transcription.Tests;

/// <summary>The checker itself can fail: each broken file breaks exactly the rule it is named after.</summary>
public sealed class WebVttCheckerTests
{
    private const string Good = "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Jane &amp; Jo>Hello &lt;there&gt;\n\n00:00:01.500 --> 00:00:05.500\n<v Bob>Hi\n";

    [Test]
    public void WellFormedFile_IsReadWithoutErrors()
    {
        var cues = WebVttChecker.Read(Good, out var errors);

        Assert.That(errors, Is.Empty);
        Assert.That(cues, Is.EqualTo(new[]
        {
            new WebVttCue(TimeSpan.Zero, TimeSpan.FromMilliseconds(1500), "Jane & Jo", "Hello <there>"),
            new WebVttCue(TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(5500), "Bob", "Hi"),
        }));
    }

    [TestCase("WEBVT\n\n00:00:00.000 --> 00:00:01.000\nx\n", "first line", TestName = "MissingHeader_IsAnError")]
    [TestCase("WEBVTT\n00:00:00.000 --> 00:00:01.000\nx\n", "header", TestName = "NoBlankLineAfterHeader_IsAnError")]
    [TestCase("WEBVTT\n\n0:00:00.000 --> 00:00:01.000\nx\n", "is not", TestName = "OneDigitHours_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00,000 --> 00:00:01.000\nx\n", "is not", TestName = "CommaBeforeMilliseconds_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:60.000\nx\n", "is not", TestName = "SixtySeconds_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:01.000 --> 00:00:01.000\nx\n", "at or before", TestName = "EmptyCue_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nx\n\n00:00:01.000 --> 00:00:04.000\ny\n", "before the previous", TestName = "DecreasingStart_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na --> b\n", "contains -->", TestName = "ArrowInCueText_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Bob>a < b\n", "tag", TestName = "RawLessThan_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Bob>a > b\n", "unescaped '>'", TestName = "RawGreaterThan_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Bob>salt & pepper\n", "character reference", TestName = "RawAmpersand_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v A>B>hi\n", "unescaped '>'", TestName = "GreaterThanInVoiceName_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Tom & Jerry>hi\n", "voice annotation", TestName = "AmpersandInVoiceName_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v>hi\n", "without an annotation", TestName = "VoiceTagWithoutName_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<script>hi\n", "unknown tag", TestName = "UnknownTag_IsAnError")]
    [TestCase("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Bob>one\n\ntwo\n", "without a cue timing", TestName = "BlankLineInCueText_IsAnError")]
    public void BrokenFile_IsReportedWithTheRuleItBreaks(string vtt, string rule)
    {
        WebVttChecker.Read(vtt, out var errors);

        Assert.That(errors, Has.Some.Contains(rule));
    }
}
