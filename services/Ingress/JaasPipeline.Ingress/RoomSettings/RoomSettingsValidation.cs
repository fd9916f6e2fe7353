using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>What an operator may store as a rule (checked on write, never on the provisioning path).</summary>
public static class RoomSettingsValidation
{
    /// <summary>Column sizes of <c>room_settings</c> (SQL Server: the key stays within 900 bytes).</summary>
    public const int MaxAppIdLength = 100;
    public const int MaxRoomLength = 350;

    /// <summary>
    /// A route value as the path means it. Kestrel decodes every escape of the path except <c>%2F</c>, which it leaves
    /// as it is so as not to add a path separator: <c>app1%2Fx</c> would reach the no-'/' rule of an AppID as text
    /// without a '/', and <c>a%2Fb</c> would name another rule than <c>a/b</c>. (A room whose name holds the text
    /// "%2F" cannot be named here: <c>%252F</c> reaches this point as <c>%2F</c> too.)
    /// </summary>
    public static string FromRoute(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    public static Dictionary<string, string[]> ValidateTarget(string appId, string room)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(appId) || appId.Length > MaxAppIdLength || appId.Contains('/'))
        {
            errors["appId"] = [$"An AppID of 1 to {MaxAppIdLength} characters without '/', or * for the global default."];
        }

        if (string.IsNullOrWhiteSpace(room) || room.Length > MaxRoomLength)
        {
            errors["room"] = [$"A room name or glob of 1 to {MaxRoomLength} characters, or * for the app's default."];
        }
        else if (appId == RoomSettingsRule.Any && room != RoomSettingsRule.Any)
        {
            errors["room"] = ["The global default (app *) applies to every room: its room must be *."];
        }

        return errors;
    }

    /// <summary>Every problem of <paramref name="settings"/>, by field name; unknown fields are problems too.</summary>
    public static IEnumerable<(string Field, string Problem)> ValidateSettings(JsonObject settings)
    {
        foreach (var (field, value) in settings)
        {
            var problem = field switch
            {
                "lobbyEnabled" or "visitorsEnabled" => IsBoolean(value) ? null : "Must be true or false.",
                "passcode" => value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length is > 0 and <= 64 && s.All(char.IsAsciiDigit)
                    ? null : "Digits only (1 to 64).",
                "lobbyType" => OneOf(value, "WAIT_FOR_APPROVAL", "WAIT_FOR_MODERATOR"),
                "transcriberType" => OneOf(value, "GOOGLE", "ORACLE_CLOUD_AI_SPEECH", "EGHT_WHISPER"),
                "hideDisplayName" => OneOf(value, "GUEST"),
                "maxOccupants" => IntegerIn(value, 2, 500),
                "participantsSoftLimit" => IntegerIn(value, 1, int.MaxValue),
                _ => "Unknown field: the settings are lobbyEnabled, passcode, lobbyType, maxOccupants, transcriberType, " +
                     "participantsSoftLimit, visitorsEnabled, hideDisplayName.",
            };
            if (problem is not null)
            {
                yield return (field, problem);
            }
        }
    }

    private static bool IsBoolean(JsonNode? value) => value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    private static string? OneOf(JsonNode? value, params string[] allowed) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && allowed.Contains(s, StringComparer.Ordinal)
            ? null
            : $"Must be one of {string.Join(", ", allowed)}.";

    private static string? IntegerIn(JsonNode? value, int min, int max) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n >= min && n <= max
            ? null
            : max == int.MaxValue ? $"Must be an integer of at least {min}." : $"Must be an integer from {min} to {max}.";
}
