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

/// <summary>
/// An immutable, indexed set of rules. Each field of the answer comes from the most specific rule that sets it:
/// exact room &gt; longest matching pattern (then the next longest, …) &gt; app default &gt; global default.
/// </summary>
public sealed class RoomSettingsRuleSet
{
    public static readonly RoomSettingsRuleSet Empty = new([]);

    private readonly Dictionary<string, AppRules> apps = new(StringComparer.Ordinal);
    private readonly RoomSettingsRule? global;

    public RoomSettingsRuleSet(IEnumerable<RoomSettingsRule> rules)
    {
        Rules = rules.ToList();
        foreach (var rule in Rules)
        {
            if (rule.Level == RuleLevel.Global)
            {
                global = rule;
                continue;
            }

            if (!apps.TryGetValue(rule.AppId, out var app))
            {
                apps[rule.AppId] = app = new AppRules();
            }

            switch (rule.Level)
            {
                case RuleLevel.AppDefault:
                    app.Default = rule;
                    break;
                case RuleLevel.Pattern:
                    app.Patterns.Add((rule, RoomPattern.Compile(rule.Room)));
                    break;
                default:
                    app.Exact[rule.Room] = rule;
                    break;
            }
        }

        foreach (var app in apps.Values)
        {
            // Longer pattern first; equal lengths in ordinal order so the answer never depends on load order.
            app.Patterns.Sort((a, b) => b.Rule.Room.Length != a.Rule.Room.Length
                ? b.Rule.Room.Length.CompareTo(a.Rule.Room.Length)
                : string.CompareOrdinal(a.Rule.Room, b.Rule.Room));
        }
    }

    public IReadOnlyList<RoomSettingsRule> Rules { get; }

    public ResolvedRoomSettings Resolve(string appId, string room)
    {
        var merged = new SettingsProvisioningResponse();
        var level = RuleLevel.None;
        if (apps.TryGetValue(appId, out var app))
        {
            if (app.Exact.TryGetValue(room, out var exact))
            {
                Merge(ref merged, ref level, exact);
            }

            foreach (var (rule, pattern) in app.Patterns)
            {
                if (pattern.Matches(room))
                {
                    Merge(ref merged, ref level, rule);
                }
            }

            if (app.Default is { } appDefault)
            {
                Merge(ref merged, ref level, appDefault);
            }
        }

        if (global is not null)
        {
            Merge(ref merged, ref level, global);
        }

        return new ResolvedRoomSettings(merged, level);
    }

    /// <summary>Fills the fields <paramref name="merged"/> does not have yet from a less specific rule.</summary>
    private static void Merge(ref SettingsProvisioningResponse merged, ref RuleLevel level, RoomSettingsRule rule)
    {
        var s = rule.Settings;
        var before = merged;
        merged = new SettingsProvisioningResponse
        {
            LobbyEnabled = merged.LobbyEnabled ?? s.LobbyEnabled,
            Passcode = merged.Passcode ?? s.Passcode,
            LobbyType = merged.LobbyType ?? s.LobbyType,
            MaxOccupants = merged.MaxOccupants ?? s.MaxOccupants,
            TranscriberType = merged.TranscriberType ?? s.TranscriberType,
            ParticipantsSoftLimit = merged.ParticipantsSoftLimit ?? s.ParticipantsSoftLimit,
            VisitorsEnabled = merged.VisitorsEnabled ?? s.VisitorsEnabled,
            HideDisplayName = merged.HideDisplayName ?? s.HideDisplayName,
        };
        if (level == RuleLevel.None && merged != before)
        {
            level = rule.Level;
        }
    }

    private sealed class AppRules
    {
        public Dictionary<string, RoomSettingsRule> Exact { get; } = new(StringComparer.Ordinal);
        public List<(RoomSettingsRule Rule, RoomPattern Pattern)> Patterns { get; } = [];
        public RoomSettingsRule? Default { get; set; }
    }
}
