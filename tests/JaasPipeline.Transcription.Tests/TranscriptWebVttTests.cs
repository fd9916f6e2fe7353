namespace JaasPipeline.Transcription.Tests;

/// <summary>The WebVTT export stays well-formed whatever the speakers are called and whatever they say.</summary>
public sealed class TranscriptWebVttTests
{
    private static readonly string[] HostileTexts =
    [
        "a --> b", "<b>bold</b> & <i>", "x > y < z", "line one\nline two", "para\n\n00:00:09.000 --> 00:00:10.000\nforged cue",
        "&amp; already escaped", "tab\tand\rCR", "NUL\0inside", "   padded   ", "", "WEBVTT", "NOTE not a note", "</v>",
        "مرحبا بالعالم", "Ünïcødé 🎉 ok",
    ];

    private static readonly string[] HostileNames =
    [
        "Jane Doe", "A>B", "<v Mallory>", "Tom & Jerry", "Line\nBreak", "Crlf\r\nName", "-->", "   ", "&lt;", "أحمد", "Zoë 🎤",
    ];

    [Test]
    public void HostileNamesAndTexts_GiveAWellFormedFileThatReadsBackAsSpoken()
    {
        var segments = (from name in HostileNames
                        from text in HostileTexts
                        select (name, text)).Select((pair, i) => Chunks.Segment("s", $"m{i:D4}", Chunks.T0.AddMilliseconds(700 * i), pair.text, pair.name)).ToList();
        var transcript = new Transcript("s", Chunks.Fqn, segments, []);

        var cues = WebVttChecker.Read(TranscriptWebVtt.Write(transcript), out var errors);

        Assert.That(errors, Is.Empty);
        Assert.That(cues, Has.Count.EqualTo(segments.Count));
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < segments.Count; i++)
            {
                Assert.That(cues[i].Voice, Is.EqualTo(OneLine(TranscriptText.SpeakerName(segments[i]))), $"voice of cue {i}");
                Assert.That(cues[i].Text, Is.EqualTo(OneLine(segments[i].DisplayText).Replace('\0', '\uFFFD')), $"text of cue {i}");
            }
        }
    }

    [Test]
    public void Cues_RunFromEachPhraseToTheNextLaterOne_TheLastFourSeconds()
    {
        var segments = new[]
        {
            Chunks.Segment("s", "a", Chunks.T0, "first"),
            Chunks.Segment("s", "b", Chunks.T0.AddMilliseconds(1500), "second"),
            Chunks.Segment("s", "c", Chunks.T0.AddMilliseconds(1500), "same time"),
            Chunks.Segment("s", "d", Chunks.T0.AddHours(2).AddMilliseconds(7), "last"),
        };

        var vtt = TranscriptWebVtt.Write(new Transcript("s", Chunks.Fqn, segments, []));
        var cues = WebVttChecker.Read(vtt, out var errors);

        Assert.That(errors, Is.Empty);
        Assert.That(cues.Select(cue => (cue.Start, cue.End)), Is.EqualTo(new[]
        {
            (TimeSpan.Zero, TimeSpan.FromMilliseconds(1500)),
            (TimeSpan.FromMilliseconds(1500), new TimeSpan(0, 2, 0, 0, 7)),
            (TimeSpan.FromMilliseconds(1500), new TimeSpan(0, 2, 0, 0, 7)),
            (new TimeSpan(0, 2, 0, 0, 7), new TimeSpan(0, 2, 0, 4, 7)),
        }));
        Assert.That(vtt, Does.Contain("\n02:00:00.007 --> 02:00:04.007\n"));
    }

    [Test]
    public void Name_IsTheVoiceTagEscaped()
    {
        var vtt = TranscriptWebVtt.Write(new Transcript("s", Chunks.Fqn, [Chunks.Segment("s", "a", Chunks.T0, "R&D <3", "A>B & <C>")], []));

        Assert.That(vtt, Is.EqualTo("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v A&gt;B &amp; &lt;C&gt;>R&amp;D &lt;3\n\n"));
    }

    [Test]
    public void EmptyTranscript_IsJustTheHeader()
    {
        var vtt = TranscriptWebVtt.Write(new Transcript("s", Chunks.Fqn, [], []));

        WebVttChecker.Read(vtt, out var errors);
        Assert.That(errors, Is.Empty);
        Assert.That(vtt, Is.EqualTo("WEBVTT\n\n"));
    }

    // The export turns each CR and LF into a space.
    private static string OneLine(string value) => value.Replace('\r', ' ').Replace('\n', ' ');
}
