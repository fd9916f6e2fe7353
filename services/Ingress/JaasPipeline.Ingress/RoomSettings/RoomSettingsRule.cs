using JaasPipeline.Contracts;

namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>
/// One operator rule: a partial settings object for an exact room, a room-name glob (<c>board-*</c>), the app's default
/// (room <c>*</c>) or the global default (app <c>*</c>, room <c>*</c>).
/// </summary>
public sealed record RoomSettingsRule(string AppId, string Room, SettingsProvisioningResponse Settings)
{
    public const string Any = "*";

    public RuleLevel Level =>
        AppId == Any ? RuleLevel.Global
        : Room == Any ? RuleLevel.AppDefault
        : RoomPattern.IsPattern(Room) ? RuleLevel.Pattern
        : RuleLevel.Exact;
}
