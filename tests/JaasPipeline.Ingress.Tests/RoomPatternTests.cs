using System.Text;
using System.Text.RegularExpressions;
using JaasPipeline.Ingress.RoomSettings;

namespace JaasPipeline.Ingress.Tests;

/// <summary>Room-name globs: the answers of a glob, and work that grows with the room's length only.</summary>
public sealed class RoomPatternTests
{
    [TestCase("board-*", "board-1", true)]
    [TestCase("board-*", "board-", true)]
    [TestCase("board-*", "boar", false)]
    [TestCase("*-room", "big-room", true)]
    [TestCase("*-room", "big-roomy", false)]
    [TestCase("a?c", "abc", true)]
    [TestCase("a?c", "ac", false)]
    [TestCase("a*b*c", "axxbyyc", true)]
    [TestCase("a*b*c", "axxbyy", false)]
    [TestCase("a**b", "ab", true)]
    [TestCase("*", "", true)]
    [TestCase("", "", true)]
    [TestCase("", "a", false)]
    [TestCase("Board-*", "board-1", false)]
    public void Pattern_MatchesAsAGlob(string pattern, string room, bool matches) =>
        Assert.That(RoomPattern.Matches(pattern, room), Is.EqualTo(matches));

    /// <summary>
    /// The case: <c>*a…ab</c> (the longest rule, 350 characters) against 15,000 a's. A backtracking matcher
    /// returns to the * at every room position and rereads the pattern: about room × pattern steps (5 million).
    /// </summary>
    [TestCase(15_000)]
    [TestCase(350)]
    public void BacktrackingBait_CostsOnePassOverTheStateWordsPerRoomCharacter(int roomLength)
    {
        var pattern = RoomPattern.Compile("*" + new string('a', RoomSettingsValidation.MaxRoomLength - 2) + "b");
        var words = (RoomSettingsValidation.MaxRoomLength + 1 + 63) / 64;
        long steps = 0;

        var matches = pattern.Matches(new string('a', roomLength), ref steps);

        Assert.That(matches, Is.False);
        Assert.That(steps, Is.LessThanOrEqualTo((long)roomLength * words));
    }

    /// <summary>Random globs (long enough to span several 64-bit words) agree with a regular expression of the same glob.</summary>
    [Test]
    public void RandomPatterns_AgreeWithARegexOfTheSameGlob([Range(1, 300)] int seed)
    {
        var random = new Random(seed);
        var pattern = RandomString(random, random.Next(0, 200), "ab*?");
        var reference = new Regex(
            "^" + string.Concat(pattern.Select(c => c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) })) + "$",
            RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        var compiled = RoomPattern.Compile(pattern);

        // Random rooms seldom match, so half of them are written from the pattern itself (then mutated at times).
        for (var i = 0; i < 20; i++)
        {
            var room = i % 2 == 0 ? RandomString(random, random.Next(0, 260), "ab") : Instance(random, pattern);
            Assert.That(compiled.Matches(room), Is.EqualTo(reference.IsMatch(room)), $"pattern \"{pattern}\", room \"{room}\"");
        }
    }

    private static string Instance(Random random, string pattern)
    {
        var room = new StringBuilder();
        foreach (var c in pattern)
        {
            room.Append(c switch
            {
                '*' => RandomString(random, random.Next(0, 4), "ab"),
                '?' => RandomString(random, 1, "ab"),
                _ => c.ToString(),
            });
        }

        if (room.Length > 0 && random.Next(3) == 0)
        {
            room[random.Next(room.Length)] = random.Next(2) == 0 ? 'a' : 'b';
        }

        return room.ToString();
    }

    private static string RandomString(Random random, int length, string alphabet) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
}
