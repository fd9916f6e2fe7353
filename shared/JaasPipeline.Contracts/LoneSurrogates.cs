namespace JaasPipeline.Contracts;

/// <summary>
/// Rewrites every escaped lone UTF-16 surrogate (<c>\ud800</c> without its pair) into <c>\ufffd</c>, in place.
/// </summary>
/// <remarks>
/// JSON allows such escapes (RFC 8259 section 8.2 only warns about them) and a JavaScript string cut in the middle of an
/// emoji produces one, but .NET cannot turn one into a <see cref="string"/>: <c>GetString</c> throws. Both escapes are
/// six bytes long, so the repair happens in a copy of the body of the same length, and only when one is found; the
/// stored body is never touched.
/// </remarks>
internal static class LoneSurrogates
{
    private static ReadOnlySpan<byte> Replacement => "\\ufffd"u8;

    /// <summary>Replaces each lone surrogate escape of <paramref name="json"/>; returns whether any was found.</summary>
    public static bool Repair(Span<byte> json)
    {
        var repaired = false;
        var i = json.IndexOf((byte)'\\');
        while (i >= 0 && i < json.Length - 1)
        {
            if (json[i + 1] != (byte)'u' || Escaped(json, i) is not { } unit)
            {
                // "\\", "\"" and the like: skip the escaped character too, so "\\ud800" stays the text it is.
                i = Next(json, i + 2);
                continue;
            }

            if (char.IsHighSurrogate(unit) && Escaped(json, i + 6) is { } low && char.IsLowSurrogate(low))
            {
                i = Next(json, i + 12);
                continue;
            }

            if (char.IsSurrogate(unit))
            {
                Replacement.CopyTo(json[i..]);
                repaired = true;
            }

            i = Next(json, i + 6);
        }

        return repaired;
    }

    private static int Next(ReadOnlySpan<byte> json, int from) =>
        from >= json.Length ? -1 : json[from..].IndexOf((byte)'\\') is var at and >= 0 ? from + at : -1;

    // The UTF-16 unit of a \uXXXX escape at `at`, or null if there is none there.
    private static char? Escaped(ReadOnlySpan<byte> json, int at)
    {
        if (at < 0 || at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u')
        {
            return null;
        }

        var value = 0;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0)
            {
                return null;
            }

            value = (value << 4) | digit;
        }

        return (char)value;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
