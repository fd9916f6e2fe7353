using System.Globalization;
using System.Text;
using JaasPipeline.ConsumerApi;

namespace JaasPipeline.Transcription;

/// <summary>
/// The WebVTT export (W3C WebVTT): a cue per phrase from its time to the next later phrase's (the last one
/// <see cref="LastCueLength"/> long), times counted from the first phrase, the speaker as a voice span <c>&lt;v Name&gt;</c>.
/// </summary>
public static class TranscriptWebVtt
{
    public const string ContentType = "text/vtt; charset=utf-8";

    /// <summary>How long the last phrase stays on screen: nothing follows it to end it.</summary>
    public static readonly TimeSpan LastCueLength = TimeSpan.FromSeconds(4);

    public static string Write(Transcript transcript)
    {
        var segments = transcript.Segments;
        var vtt = new StringBuilder("WEBVTT\n\n");
        var origin = segments.Count > 0 ? segments[0].Timestamp : default;
        var next = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var start = segments[i].Timestamp;
            // Phrases at the same millisecond share their end, the next later phrase's start: a cue must end after it starts.
            next = Math.Max(next, i + 1);
            while (next < segments.Count && segments[next].Timestamp <= start)
            {
                next++;
            }

            var end = next < segments.Count ? segments[next].Timestamp : start + LastCueLength;
            vtt.Append(Time(start - origin)).Append(" --> ").Append(Time(end - origin)).Append('\n');
            var speaker = Escape(TranscriptText.SpeakerName(segments[i]));
            vtt.Append("<v ").Append(speaker).Append('>').Append(Escape(segments[i].DisplayText)).Append("\n\n");
        }

        return vtt.ToString();
    }

    /// <summary><c>hh:mm:ss.ttt</c>; hours grow past two digits if they must.</summary>
    public static string Time(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");

    /// <summary>
    /// Cue text and a voice annotation escape <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> (so <c>--&gt;</c> cannot appear
    /// either); a line break would end the annotation or, doubled, the cue, so line breaks become spaces; NUL is not
    /// allowed, and no other control character is wanted either (<see cref="ExportText"/>).
    /// </summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in ExportText.WithoutControlCharacters(value))
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
