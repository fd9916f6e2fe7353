using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace JaasPipeline.Console.Services;

/// <summary>Query strings of API calls, built from what a person typed in a form (every value escaped).</summary>
public static class ApiQuery
{
    /// <summary><paramref name="path"/> with every parameter that has a value.</summary>
    public static string Build(string path, params (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value!.Trim())));

    /// <summary>
    /// A time typed in a form as the API reads it (RFC 3339): a browser's date-time field has no offset, and the console
    /// says its fields are UTC. Anything else is passed as typed, so the API's problem names what is wrong with it.
    /// </summary>
    public static string? Instant(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        string[] formsWithoutOffset = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];
        return DateTime.TryParseExact(typed.Trim(), formsWithoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc)
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : typed.Trim();
    }
}
