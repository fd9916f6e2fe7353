using System.Globalization;

namespace JaasPipeline.ServiceDefaults;

/// <summary>Times in the APIs' query strings and bodies: ISO 8601, UTC unless they name an offset.</summary>
public static class ApiTime
{
    /// <summary>
    /// The time <paramref name="value"/> names, or null when it is empty or not a time; a value that is not a time is
    /// reported in <paramref name="errors"/> under <paramref name="name"/> (the shape of a validation problem).
    /// </summary>
    public static DateTimeOffset? Parse(string? value, string name, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors[name] = ["must be an ISO-8601 time, e.g. 2026-11-23T10:00:00Z (RFC 3339)"];
        return null;
    }
}
