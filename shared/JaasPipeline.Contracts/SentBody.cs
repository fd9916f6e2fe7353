using System.Runtime.InteropServices;
using System.Text.Json;

namespace JaasPipeline.Contracts;

/// <summary>
/// A webhook body as parsed (<paramref name="Parsed"/>, its lone surrogates maybe repaired) and as received; the same
/// array when nothing was repaired. The repair keeps every offset, so a token sits at the same place in both.
/// </summary>
internal readonly record struct SentBody(byte[] Parsed, byte[] Received)
{
    public bool Repaired => !ReferenceEquals(Parsed, Received);

    /// <summary>The text of a string <paramref name="value"/> of the parsed body, read as received (<see cref="LoneSurrogates.DistinctText"/>).</summary>
    public string DistinctText(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return Parsed.AsSpan().Overlaps(raw, out var offset)
            ? LoneSurrogates.DistinctText(Received.AsSpan(offset, raw.Length))
            : throw new ArgumentException("The value is not part of the parsed body.", nameof(value));
    }
}
