using JaasPipeline.Contracts;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>The settings a room gets, and the most specific rule level that contributed to them.</summary>
public sealed record ResolvedRoomSettings(SettingsProvisioningResponse Settings, RuleLevel Level);
