using JaasPipeline.Contracts;

namespace JaasPipeline.Ingress;

/// <summary>How specific a room-settings rule is; a higher level wins field by field.</summary>
public enum RuleLevel
{
    None = 0,
    Global = 1,
    AppDefault = 2,
    Pattern = 3,
    Exact = 4,
}

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

/// <summary>The settings a room gets, and the most specific rule level that contributed to them.</summary>
public sealed record ResolvedRoomSettings(SettingsProvisioningResponse Settings, RuleLevel Level);
