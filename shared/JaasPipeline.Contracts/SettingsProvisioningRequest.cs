using System.Text.Json.Serialization;

namespace JaasPipeline.Contracts;

/// <summary>What JaaS POSTs to the settings-provisioning URL before every meeting (SETTINGS_PROVISIONING).</summary>
public sealed record SettingsProvisioningRequest
{
    /// <summary>The meeting's fully qualified name, <c>[AppID]/[room name]</c>.</summary>
    [JsonPropertyName("fqn")]
    public string Fqn { get; init; } = "";

    /// <summary>The AppID part of <see cref="Fqn"/>; derived, so not part of the wire format.</summary>
    [JsonIgnore]
    public string FqnAppId => JaasFqn.AppId(Fqn);

    /// <summary>The room part of <see cref="Fqn"/>; derived, so not part of the wire format.</summary>
    [JsonIgnore]
    public string RoomName => JaasFqn.RoomName(Fqn);
}
