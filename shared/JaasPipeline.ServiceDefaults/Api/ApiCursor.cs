using System.Buffers.Text;
using System.Text.Json;

namespace JaasPipeline.ServiceDefaults;

/// <summary>
/// The opaque <c>cursor</c> of a keyset-paged list (docs/api.md §5): the sort key of the last item of a page, as a
/// base64url JSON array of strings. Clients pass it back as it was; its content is no promise.
/// </summary>
public static class ApiCursor
{
    public static string Encode(params string[] key) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key));

    /// <summary>The key a cursor holds, or null when it is not a cursor this API wrote with <paramref name="parts"/> parts.</summary>
    public static string[]? TryDecode(string cursor, int parts)
    {
        try
        {
            var key = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(cursor));
            return key is { } values && values.Length == parts && values.All(value => value is not null) ? values : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A whole number written by <see cref="Encode"/>, or null.</summary>
    public static long? Number(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
