using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace JaasPipeline.Transcription.Tests;

/// <summary>
/// Reads a WebVTT file against the rules of the W3C WebVTT format that our export must keep (no maintained .NET
/// validator exists): the <c>WEBVTT</c> header line and a blank line; cue blocks separated by blank lines, each an
/// optional identifier, a timing line <c>hh:mm:ss.ttt --&gt; hh:mm:ss.ttt</c> with start before end, starts never
/// decreasing; cue text without <c>--&gt;</c>, whose only tags are the format's (<c>&lt;v annotation&gt;</c> voice
/// spans and the others), whose <c>&amp;</c> starts a character reference and whose <c>&gt;</c> and <c>&lt;</c> appear only
/// escaped or as a tag's brackets; a voice annotation without raw <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> or line breaks.
/// Stricter than players (which skip what they cannot read), so anything it accepts they read as written.
/// </summary>
public static partial class WebVttChecker
{
    private static readonly Dictionary<string, string> CharacterReferences = new(StringComparer.Ordinal)
    {
        ["amp"] = "&", ["lt"] = "<", ["gt"] = ">", ["lrm"] = "\u200E", ["rlm"] = "\u200F", ["nbsp"] = "\u00A0",
    };

    private static readonly HashSet<string> ClassTags = new(StringComparer.Ordinal) { "c", "i", "b", "u", "ruby", "rt", "lang" };

    /// <summary>The cues of <paramref name="vtt"/>; the rules it breaks, if any, in <paramref name="errors"/>.</summary>
    public static IReadOnlyList<WebVttCue> Read(string vtt, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var cues = new List<WebVttCue>();
        errors = problems;
        if (vtt.Contains('\0'))
        {
            problems.Add("contains NUL");
        }

        var lines = LineBreak().Split(vtt.StartsWith('\uFEFF') ? vtt[1..] : vtt);
        if (lines.Length == 0 || !HeaderLine().IsMatch(lines[0]))
        {
            problems.Add("the first line is not 'WEBVTT' (optionally followed by a space or tab and text)");
            return cues;
        }

        // Header text lines may follow the signature up to the first blank line; a line with --> there is a cue without
        // the blank line that must precede it.
        var index = 1;
        for (; index < lines.Length && lines[index].Length > 0; index++)
        {
            if (lines[index].Contains("-->", StringComparison.Ordinal))
            {
                problems.Add($"line {index + 1}: a cue timing line in the header (no blank line after WEBVTT)");
            }
        }

        if (index >= lines.Length && lines.Length > 1 && lines[^1].Length > 0)
        {
            problems.Add("no blank line after the header");
        }

        TimeSpan? previousStart = null;
        while (index < lines.Length)
        {
            if (lines[index].Length == 0)
            {
                index++;
                continue;
            }

            var block = new List<(int Number, string Text)>();
            for (; index < lines.Length && lines[index].Length > 0; index++)
            {
                block.Add((index + 1, lines[index]));
            }

            ReadBlock(block, cues, problems, ref previousStart);
        }

        return cues;
    }

    private static void ReadBlock(List<(int Number, string Text)> block, List<WebVttCue> cues, List<string> problems, ref TimeSpan? previousStart)
    {
        var first = block[0].Text;
        if (first.StartsWith("NOTE", StringComparison.Ordinal) && (first.Length == 4 || first[4] is ' ' or '\t'))
        {
            if (block.Any(line => line.Text.Contains("-->", StringComparison.Ordinal)))
            {
                problems.Add($"line {block[0].Number}: a NOTE block contains -->");
            }

            return;
        }

        // An identifier line may precede the timing line; it must not contain -->.
        var timingAt = first.Contains("-->", StringComparison.Ordinal) ? 0 : 1;
        if (timingAt >= block.Count)
        {
            problems.Add($"line {block[0].Number}: a block without a cue timing line");
            return;
        }

        var (number, timingLine) = block[timingAt];
        var timing = TimingLine().Match(timingLine);
        if (!timing.Success)
        {
            problems.Add($"line {number}: '{timingLine}' is not 'hh:mm:ss.ttt --> hh:mm:ss.ttt'");
            return;
        }

        var start = Time(timing.Groups["start"].Value);
        var end = Time(timing.Groups["end"].Value);
        if (end <= start)
        {
            problems.Add($"line {number}: the cue ends ({end}) at or before it starts ({start})");
        }

        if (previousStart is { } previous && start < previous)
        {
            problems.Add($"line {number}: the cue starts ({start}) before the previous one ({previous})");
        }

        previousStart = start;
        var payload = block.Skip(timingAt + 1).ToList();
        foreach (var (payloadNumber, text) in payload.Where(line => line.Text.Contains("-->", StringComparison.Ordinal)))
        {
            problems.Add($"line {payloadNumber}: cue text contains -->");
        }

        var (voice, plain) = ReadCueText(string.Join("\n", payload.Select(line => line.Text)), number, problems);
        cues.Add(new WebVttCue(start, end, voice, plain));
    }

    // Cue text: tags, character references and plain characters; returns the first voice span's annotation and the
    // text without tags, references resolved.
    private static (string? Voice, string Text) ReadCueText(string cueText, int line, List<string> problems)
    {
        string? voice = null;
        var text = new StringBuilder();
        for (var i = 0; i < cueText.Length; i++)
        {
            var c = cueText[i];
            if (c == '<')
            {
                var close = cueText.IndexOf('>', i + 1);
                if (close < 0)
                {
                    problems.Add($"line {line}: '<' that opens no tag");
                    return (voice, text.ToString());
                }

                var tag = cueText[(i + 1)..close];
                if (tag.Contains('<') || tag.Contains('\n'))
                {
                    problems.Add($"line {line}: tag '<{tag}>' holds '<' or a line break");
                }

                var annotation = ReadTag(tag, line, problems);
                voice ??= annotation;
                i = close;
            }
            else if (c == '&')
            {
                var semicolon = cueText.IndexOf(';', i + 1);
                var name = semicolon < 0 ? "" : cueText[(i + 1)..semicolon];
                if (!CharacterReferences.TryGetValue(name, out var value))
                {
                    problems.Add($"line {line}: '&' that starts no character reference");
                    continue;
                }

                text.Append(value);
                i = semicolon;
            }
            else if (c == '>')
            {
                problems.Add($"line {line}: unescaped '>' in cue text");
            }
            else
            {
                text.Append(c);
            }
        }

        return (voice, text.ToString());
    }

    // Returns the voice annotation (unescaped) of a <v …> tag, null for any other tag.
    private static string? ReadTag(string tag, int line, List<string> problems)
    {
        if (TimestampTag().IsMatch(tag))
        {
            return null;
        }

        var closing = tag.StartsWith('/');
        var body = closing ? tag[1..] : tag;
        var nameEnd = body.IndexOfAny([' ', '\t', '\f', '.']);
        var name = nameEnd < 0 ? body : body[..nameEnd];
        if (name != "v" && !ClassTags.Contains(name))
        {
            problems.Add($"line {line}: unknown tag '<{tag}>'");
            return null;
        }

        if (closing || name != "v")
        {
            return null;
        }

        var rest = body[name.Length..];
        while (rest.StartsWith('.'))
        {
            var next = rest.IndexOfAny([' ', '\t', '\f', '.'], 1);
            rest = next < 0 ? "" : rest[next..];
        }

        if (rest.Length == 0 || rest[0] is not (' ' or '\t' or '\f'))
        {
            problems.Add($"line {line}: voice tag '<{tag}>' without an annotation");
            return null;
        }

        var annotation = rest.TrimStart(' ', '\t', '\f');
        if (annotation.Length == 0)
        {
            problems.Add($"line {line}: voice tag '<{tag}>' with an empty annotation");
        }

        var voice = new StringBuilder();
        for (var i = 0; i < annotation.Length; i++)
        {
            if (annotation[i] == '&')
            {
                var semicolon = annotation.IndexOf(';', i + 1);
                var reference = semicolon < 0 ? "" : annotation[(i + 1)..semicolon];
                if (!CharacterReferences.TryGetValue(reference, out var value))
                {
                    problems.Add($"line {line}: '&' in a voice annotation that starts no character reference");
                    continue;
                }

                voice.Append(value);
                i = semicolon;
            }
            else
            {
                voice.Append(annotation[i]);
            }
        }

        return voice.ToString();
    }

    private static TimeSpan Time(string value)
    {
        var parts = value.Split(':', '.');
        return new TimeSpan(0, int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"^WEBVTT([ \t].*)?$")]
    private static partial Regex HeaderLine();

    // hh:mm:ss.ttt (hours two digits or more, minutes and seconds 00-59), then optional cue settings.
    [GeneratedRegex(@"^(?<start>\d{2,}:[0-5]\d:[0-5]\d\.\d{3})[ \t]+-->[ \t]+(?<end>\d{2,}:[0-5]\d:[0-5]\d\.\d{3})([ \t]+[^\s]+)*[ \t]*$")]
    private static partial Regex TimingLine();

    [GeneratedRegex(@"^(\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}$")]
    private static partial Regex TimestampTag();
}
