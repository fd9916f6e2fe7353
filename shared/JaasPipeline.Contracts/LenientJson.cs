using System.Globalization;
using System.Text.Json;

namespace JaasPipeline.Contracts;

/// <summary>Reads optional <c>data</c> members the forgiving way: a member of the wrong kind counts as missing.</summary>
/// <remarks>
/// JaaS itself mixes kinds (PARTICIPANT_LEFT sends <c>"moderator":"true"</c>), and a mistyped optional field must not
/// cost us a whole delivery, so booleans and numbers are also read from strings. Every method accepts an undefined
/// element (<c>default(JsonElement)</c>), which is what a missing or null <c>data</c> becomes.
/// </remarks>
internal static class LenientJson
{
    public static JsonElement Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static string? String(this JsonElement element, string name) => element.Member(name).AsString();

    public static bool? Bool(this JsonElement element, string name) => element.Member(name).AsBool();

    public static int? Int(this JsonElement element, string name) =>
        element.Member(name).AsLong() is { } value and >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public static long? Long(this JsonElement element, string name) => element.Member(name).AsLong();

    /// <summary>A Unix time in milliseconds, as the reference sends every timestamp.</summary>
    public static DateTimeOffset? UnixMs(this JsonElement element, string name) => element.Member(name).AsUnixMs();

    /// <summary>The member if it is an object; otherwise an undefined element, whose members all read as missing.</summary>
    public static JsonElement Object(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Object } value ? value : default;

    /// <summary>The objects of an array member, each read by <paramref name="read"/>; other items are skipped.</summary>
    public static IReadOnlyList<T> ObjectList<T>(this JsonElement element, string name, Func<JsonElement, T> read) =>
        element.Member(name).ObjectItems(read);

    public static IReadOnlyList<T> ObjectItems<T>(this JsonElement array, Func<JsonElement, T> read) =>
        array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Select(read)]
            : [];

    public static IReadOnlyList<string> StringList(this JsonElement element, string name)
    {
        var array = element.Member(name);
        return array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Select(item => item.AsString()).OfType<string>()]
            : [];
    }

    // Identifiers such as phone numbers may come as JSON numbers; their text is the useful value.
    public static string? AsString(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    public static bool? AsBool(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // bool.TryParse ignores case and surrounding white space: "true", "False", " TRUE ".
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => null,
    };

    public static long? AsLong(this JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                return integer;
            // 15.0 or 1.5e3 still name a whole number.
            case JsonValueKind.Number when value.TryGetDouble(out var real)
                                           && double.IsInteger(real) && real is >= long.MinValue and < long.MaxValue:
                return (long)real;
            case JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                return null;
        }
    }

    public static DateTimeOffset? AsUnixMs(this JsonElement value) =>
        value.AsLong() is { } ms && ms >= MinUnixMs && ms <= MaxUnixMs ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    // The range DateTimeOffset.FromUnixTimeMilliseconds accepts (years 0001 to 9999).
    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
}
