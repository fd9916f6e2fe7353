using System.Text.Json.Serialization;

namespace JaasPipeline.Contracts;

/// <summary>Our answer to a settings-provisioning request: how JaaS should start the meeting (SETTINGS_PROVISIONING).</summary>
/// <remarks>Every field is optional: a null one is left out of the JSON, and JaaS then applies its own default.</remarks>
public sealed record SettingsProvisioningResponse
{
    /// <summary>True starts the meeting with a lobby; false or missing starts it without one.</summary>
    [JsonPropertyName("lobbyEnabled"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? LobbyEnabled { get; init; }

    /// <summary>Digits only; empty or missing starts the meeting without a passcode.</summary>
    [JsonPropertyName("passcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Passcode { get; init; }

    /// <summary><c>WAIT_FOR_APPROVAL</c> (the default) or <c>WAIT_FOR_MODERATOR</c> (lobby off once a moderator joins).</summary>
    [JsonPropertyName("lobbyType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LobbyType { get; init; }

    /// <summary>Most participants at the same time; the reference asks for 2 to 500.</summary>
    [JsonPropertyName("maxOccupants"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxOccupants { get; init; }

    /// <summary><c>GOOGLE</c>, <c>ORACLE_CLOUD_AI_SPEECH</c> or <c>EGHT_WHISPER</c>; missing uses the console's choice.</summary>
    [JsonPropertyName("transcriberType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TranscriberType { get; init; }

    /// <summary>Participant spots; later joiners become visitors when <see cref="VisitorsEnabled"/>.</summary>
    [JsonPropertyName("participantsSoftLimit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ParticipantsSoftLimit { get; init; }

    /// <summary>Whether the visitor feature is on (off by default).</summary>
    [JsonPropertyName("visitorsEnabled"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? VisitorsEnabled { get; init; }

    /// <summary><c>GUEST</c> hides participant names from non-moderators.</summary>
    [JsonPropertyName("hideDisplayName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HideDisplayName { get; init; }
}
