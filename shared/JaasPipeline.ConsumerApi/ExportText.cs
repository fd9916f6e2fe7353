using System.Buffers;
using System.Text;

namespace JaasPipeline.ConsumerApi;

/// <summary>Text from a sender, made safe to put in a text export (CSV, plain text, WebVTT) that people open in other tools.</summary>
public static class ExportText
{
    // C0 but tab, LF and CR; DEL; C1 but U+0085 (NEL), which each format already treats as a line break.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [
            .. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c),
            '\u007F',
            .. Enumerable.Range(0x80, 0x20).Where(c => c != 0x85).Select(c => (char)c),
        ]);

    /// <summary>
    /// <paramref name="value"/> with every control character but tab, line feed, carriage return and NEL (which each
    /// format handles its own way) replaced by U+FFFD.
    /// </summary>
    /// <remarks>
    /// JSON lets a sender put any of them in a name or a phrase. Raw in an export, NUL ends the text in C tools and some
    /// spreadsheets, and ESC starts a terminal escape sequence when the file is printed with <c>cat</c>.
    /// </remarks>
    public static string WithoutControlCharacters(string value)
    {
        if (!value.AsSpan().ContainsAny(Controls))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(Controls.Contains(c) ? '\uFFFD' : c);
        }

        return text.ToString();
    }
}
