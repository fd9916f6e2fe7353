using JaasPipeline.Contracts;
using JaasPipeline.Ingress.RoomSettings;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Precedence of room-settings rules, field by field: exact &gt; longest pattern &gt; app default &gt; global.</summary>
public sealed class RoomSettingsResolverTests
{
    private const string App = "vpaas-magic-cookie-1";

    private static readonly RoomSettingsRule Global = new("*", "*", new SettingsProvisioningResponse
    {
        LobbyEnabled = false, Passcode = "1111", LobbyType = "WAIT_FOR_APPROVAL", MaxOccupants = 10,
        TranscriberType = "GOOGLE", ParticipantsSoftLimit = 5, VisitorsEnabled = false, HideDisplayName = "GUEST",
    });

    private static readonly RoomSettingsRule AppDefault = new(App, "*", new SettingsProvisioningResponse
    {
        LobbyEnabled = true, Passcode = "2222", LobbyType = "WAIT_FOR_MODERATOR", MaxOccupants = 20, TranscriberType = "ORACLE_CLOUD_AI_SPEECH",
    });

    private static readonly RoomSettingsRule ShortPattern = new(App, "board-*", new SettingsProvisioningResponse
    {
        Passcode = "3333", MaxOccupants = 30, ParticipantsSoftLimit = 7,
    });

    private static readonly RoomSettingsRule LongPattern = new(App, "board-room-*", new SettingsProvisioningResponse
    {
        Passcode = "4444",
    });

    private static readonly RoomSettingsRule Exact = new(App, "board-room-1", new SettingsProvisioningResponse
    {
        MaxOccupants = 2,
    });

    private static readonly RoomSettingsRuleSet All = new([Global, AppDefault, ShortPattern, LongPattern, Exact]);

    [Test]
    public void EachField_ComesFromTheMostSpecificRuleThatSetsIt()
    {
        var resolved = All.Resolve(App, "board-room-1");

        Assert.That(resolved.Level, Is.EqualTo(RuleLevel.Exact));
        Assert.That(resolved.Settings, Is.EqualTo(new SettingsProvisioningResponse
        {
            MaxOccupants = 2,                             // exact
            Passcode = "4444",                            // longer pattern beats the shorter one
            ParticipantsSoftLimit = 7,                    // shorter pattern: the longer one does not set it
            LobbyEnabled = true,                          // app default
            LobbyType = "WAIT_FOR_MODERATOR",             // app default
            TranscriberType = "ORACLE_CLOUD_AI_SPEECH",   // app default
            VisitorsEnabled = false,                      // global
            HideDisplayName = "GUEST",                    // global
        }));
    }

    [TestCase("board-room-2", "4444", 30, RuleLevel.Pattern)]
    [TestCase("board-7", "3333", 30, RuleLevel.Pattern)]
    [TestCase("standup", "2222", 20, RuleLevel.AppDefault)]
    public void RoomWithoutExactRule_FallsBackLevelByLevel(string room, string passcode, int maxOccupants, RuleLevel level)
    {
        var resolved = All.Resolve(App, room);

        Assert.That(resolved.Settings.Passcode, Is.EqualTo(passcode));
        Assert.That(resolved.Settings.MaxOccupants, Is.EqualTo(maxOccupants));
        Assert.That(resolved.Settings.VisitorsEnabled, Is.False, "global default");
        Assert.That(resolved.Level, Is.EqualTo(level));
    }

    [Test]
    public void OtherApp_GetsOnlyTheGlobalDefault()
    {
        var resolved = All.Resolve("another-app", "board-room-1");

        Assert.That(resolved.Settings, Is.EqualTo(Global.Settings));
        Assert.That(resolved.Level, Is.EqualTo(RuleLevel.Global));
    }

    [Test]
    public void NoRuleMatches_GivesEmptySettings()
    {
        var resolved = new RoomSettingsRuleSet([AppDefault, Exact]).Resolve("another-app", "board-room-1");

        Assert.That(resolved.Settings, Is.EqualTo(new SettingsProvisioningResponse()));
        Assert.That(resolved.Level, Is.EqualTo(RuleLevel.None));
    }

    [Test]
    public void RuleThatSetsNothing_DoesNotCountAsTheAnsweringLevel()
    {
        var resolved = new RoomSettingsRuleSet([new RoomSettingsRule(App, "r", new SettingsProvisioningResponse()), AppDefault]).Resolve(App, "r");

        Assert.That(resolved.Level, Is.EqualTo(RuleLevel.AppDefault));
    }

    /// <summary>For random rule sets, every field equals that of the first rule setting it in a brute-force precedence order.</summary>
    [Test]
    public void RandomRuleSets_AgreeWithBruteForcePrecedence([Range(1, 200)] int seed)
    {
        var random = new Random(seed);
        string[] rooms = ["a", "ab", "abc", "b", "ba"];
        string[] patterns = ["*", "a*", "ab*", "*b", "?b*", "a?", "b*"];
        var rules = new Dictionary<(string, string), RoomSettingsRule>();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            var app = random.Next(3) switch { 0 => "*", 1 => App, _ => "other" };
            var room = app == "*" ? "*" : random.Next(2) == 0 ? rooms[random.Next(rooms.Length)] : patterns[random.Next(patterns.Length)];
            rules[(app, room)] = new RoomSettingsRule(app, room, RandomSettings(random));
        }

        var set = new RoomSettingsRuleSet(rules.Values);
        foreach (var room in rooms)
        {
            var ordered = rules.Values
                .Where(r => r.AppId == "*" || (r.AppId == App && RoomPattern.Matches(r.Room, room)))
                .OrderByDescending(r => r.Level).ThenByDescending(r => r.Room.Length).ThenBy(r => r.Room, StringComparer.Ordinal)
                .Select(r => r.Settings).ToList();
            var expected = new SettingsProvisioningResponse
            {
                Passcode = ordered.Select(s => s.Passcode).FirstOrDefault(v => v is not null),
                MaxOccupants = ordered.Select(s => s.MaxOccupants).FirstOrDefault(v => v is not null),
                LobbyEnabled = ordered.Select(s => s.LobbyEnabled).FirstOrDefault(v => v is not null),
            };

            Assert.That(set.Resolve(App, room).Settings, Is.EqualTo(expected), $"room {room}, seed {seed}");
        }
    }

    /// <summary>Rules put and deleted one at a time answer exactly as the same rules loaded whole.</summary>
    [Test]
    public void RulesChangedOneByOne_AnswerAsTheSameRulesLoadedWhole([Range(1, 100)] int seed)
    {
        var random = new Random(seed);
        string[] apps = ["*", App, "other"];
        string[] rooms = ["*", "a", "ab", "b", "a*", "*b", "?b*", "b*"];
        var expected = new Dictionary<(string, string), RoomSettingsRule>();
        var changed = RoomSettingsRuleSet.Empty;
        for (var step = 0; step < 40; step++)
        {
            var app = apps[random.Next(apps.Length)];
            var room = app == "*" ? "*" : rooms[random.Next(rooms.Length)];
            if (random.Next(3) == 0)
            {
                expected.Remove((app, room));
                changed = changed.Without(app, room);
            }
            else
            {
                var rule = new RoomSettingsRule(app, room, RandomSettings(random));
                expected[(app, room)] = rule;
                changed = changed.With(rule);
            }
        }

        var whole = new RoomSettingsRuleSet(expected.Values);
        Assert.That(changed.Count, Is.EqualTo(expected.Count));
        Assert.That(changed.Rules, Is.EquivalentTo(expected.Values));
        foreach (var app in apps.Skip(1).Append("unknown"))
        {
            foreach (var room in new[] { "a", "ab", "abc", "b", "ba", "bb" })
            {
                Assert.That(changed.Resolve(app, room), Is.EqualTo(whole.Resolve(app, room)), $"{app}/{room}, seed {seed}");
            }
        }
    }

    private static SettingsProvisioningResponse RandomSettings(Random random) => new()
    {
        Passcode = random.Next(2) == 0 ? null : random.Next(10_000).ToString("D4"),
        MaxOccupants = random.Next(2) == 0 ? null : random.Next(2, 500),
        LobbyEnabled = random.Next(3) switch { 0 => null, 1 => true, _ => false },
    };
}
