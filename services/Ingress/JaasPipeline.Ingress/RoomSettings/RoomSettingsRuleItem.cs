using JaasPipeline.Contracts;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>One rule of an app in <c>GET /api/room-settings/{appId}</c>: the room (a name, a pattern with <c>*</c>, or <c>*</c> for the app's default) and its settings.</summary>
public sealed record RoomSettingsRuleItem(string Room, SettingsProvisioningResponse Settings);
