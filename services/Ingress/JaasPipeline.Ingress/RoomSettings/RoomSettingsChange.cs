using System.Text.Json.Serialization;
using JaasPipeline.Contracts;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>
/// One change of a rule in <c>GET /api/room-settings-audit/{appId}</c>: which room, which key made it (by name, or the
/// start of its SHA-256; never the key), when, and the settings before and after (null before a rule was created, and
/// after it was deleted).
/// </summary>
public sealed record RoomSettingsChange(
    [property: JsonIgnore] long Id,
    string Room,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    SettingsProvisioningResponse? Before,
    SettingsProvisioningResponse? After);
