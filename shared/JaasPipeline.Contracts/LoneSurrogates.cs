namespace JaasPipeline.Contracts;

/// <summary>
/// Rewrites every escaped lone UTF-16 surrogate (<c>\ud800</c> without its pair) into <c>\ufffd</c>, in place; and reads
/// an identity (idempotency key, session id) so that distinct lone surrogates stay distinct.
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

    /// <summary>
    /// The text of a JSON string token (<paramref name="rawString"/>, quotes included, as received) with every lone
    /// surrogate written as U+FFFD and its four hex digits (<c>x\ud800</c> reads as <c>x�d800</c>), and every U+FFFD sent
    /// as such as U+FFFD and <c>fffd</c>, so that the hex digits after a U+FFFD always say what was sent.
    /// </summary>
    /// <remarks>
    /// <see cref="Repair"/> alone maps <c>x\ud800</c> and <c>x\udbff</c> to one text: as idempotency keys, the second
    /// delivery would read as a conflicting repeat of the first and never be published; as session ids, two meetings
    /// would merge. Written this way, distinct tokens give distinct texts, still valid Unicode for every database.
    /// </remarks>
    public static string DistinctText(ReadOnlySpan<byte> rawString)
    {
        var rewritten = new List<byte>(rawString.Length + 16);
        var i = 0;
        while (i < rawString.Length)
        {
            if (rawString[i] == (byte)'\\' && i + 1 < rawString.Length)
            {
                var length = rawString[i + 1] != (byte)'u' || Escaped(rawString, i) is not { } unit ? 2
                    : char.IsHighSurrogate(unit) && Escaped(rawString, i + 6) is { } low && char.IsLowSurrogate(low) ? 12
                    : 6;
                if (length == 6 && Escaped(rawString, i) is { } single && (char.IsSurrogate(single) || single == '\uFFFD'))
                {
                    AddMarked(rewritten, single);
                }
                else
                {
                    rewritten.AddRange(rawString.Slice(i, length));
                }

                i += length;
            }
            else if (rawString[i..].StartsWith("\uFFFD"u8))
            {
                AddMarked(rewritten, '\uFFFD');
                i += 3;
            }
            else
            {
                rewritten.Add(rawString[i++]);
            }
        }

        var reader = new System.Text.Json.Utf8JsonReader(rewritten.ToArray());
        reader.Read();
        return reader.GetString()!;
    }

    // U+FFFD and the unit's four lower-case hex digits, as JSON text.
    private static void AddMarked(List<byte> json, char unit)
    {
        json.AddRange(Replacement);
        json.AddRange(System.Text.Encoding.ASCII.GetBytes(((int)unit).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));
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
