using System.Globalization;
using System.Text;
using JaasPipeline.ConsumerApi;

namespace JaasPipeline.Transcription;

/// <summary>The plain-text export: one line per phrase, <c>HH:MM:SS Name: text</c>, the time counted from the first phrase.</summary>
public static class TranscriptText
{
    public static string Write(Transcript transcript)
    {
        var text = new StringBuilder();
        var origin = transcript.Segments.Count > 0 ? transcript.Segments[0].Timestamp : default;
        foreach (var segment in transcript.Segments)
        {
            var elapsed = segment.Timestamp - origin;
            text.Append(CultureInfo.InvariantCulture, $"{(long)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00} ")
                .Append(OneLine(SpeakerName(segment))).Append(": ").Append(OneLine(segment.DisplayText)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Who spoke, for people: the name, else the participant id, else "Unknown".</summary>
    public static string SpeakerName(TranscriptSegment segment) =>
        !string.IsNullOrWhiteSpace(segment.Name) ? segment.Name.Trim()
        : !string.IsNullOrWhiteSpace(segment.ParticipantId) ? segment.ParticipantId.Trim()
        : "Unknown";

    // A line break inside a name or a phrase would start a line that is not a phrase.
    private static string OneLine(string value) =>
        ExportText.WithoutControlCharacters(value).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ')
            .Replace('\u0085', ' ').Replace('\u2028', ' ').Replace('\u2029', ' ');
}
