namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>How specific a room-settings rule is; a higher level wins field by field.</summary>
public enum RuleLevel
{
    None = 0,
    Global = 1,
    AppDefault = 2,
    Pattern = 3,
    Exact = 4,
}
