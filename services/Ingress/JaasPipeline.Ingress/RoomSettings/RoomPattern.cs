namespace JaasPipeline.Ingress.RoomSettings;

/// <summary>
/// A room-name glob, compiled once per rule: <c>*</c> any run of characters, <c>?</c> one character, everything else
/// literal (ordinal). Matching reads each character of the room once, whatever the pattern.
/// </summary>
/// <remarks>
/// The pattern comes from an operator, the room from whoever starts a meeting. A backtracking matcher (even the
/// two-pointer one that returns to the last <c>*</c>) costs room × pattern on <c>*aaa…ab</c> against <c>aaa…a</c>:
/// 200 such rules and a 15 KB room took a second per call. Here the pattern is a small automaton whose states are
/// its positions, run on bit sets (one bit per position, 64 to a word): each room character costs one pass over
/// ⌈(pattern length + 1) / 64⌉ words, at most 6 for the longest rule (350 characters).
/// </remarks>
public sealed class RoomPattern
{
    private const char AnyRun = '*';
    private const char AnyOne = '?';

    // Bit j stands for "the first j tokens are matched"; the pattern is matched when bit `tokens` is set at the end.
    private readonly int tokens;
    private readonly int words;
    private readonly ulong[] stars;                      // bits j where token j is *: it may take any character and stay at j
    private readonly ulong[] otherCharacter;             // bits j where token j is ?: any character not named in the pattern
    private readonly Dictionary<char, ulong[]> byCharacter; // bits j where token j is that character, or ?
    private readonly ulong[] start;

    private RoomPattern(string pattern)
    {
        Text = pattern;
        // ** matches what * matches; collapsing runs means a * is never followed by another, so one step closes.
        var folded = new List<char>(pattern.Length);
        foreach (var c in pattern)
        {
            if (c != AnyRun || folded.Count == 0 || folded[^1] != AnyRun)
            {
                folded.Add(c);
            }
        }

        tokens = folded.Count;
        words = (tokens + 1 + 63) / 64;
        stars = new ulong[words];
        otherCharacter = new ulong[words];
        byCharacter = [];
        for (var j = 0; j < tokens; j++)
        {
            switch (folded[j])
            {
                case AnyRun:
                    Set(stars, j);
                    break;
                case AnyOne:
                    Set(otherCharacter, j);
                    break;
                default:
                    if (!byCharacter.ContainsKey(folded[j]))
                    {
                        byCharacter[folded[j]] = new ulong[words];
                    }

                    Set(byCharacter[folded[j]], j);
                    break;
            }
        }

        foreach (var mask in byCharacter.Values)
        {
            for (var w = 0; w < words; w++)
            {
                mask[w] |= otherCharacter[w];
            }
        }

        start = new ulong[words];
        Set(start, 0);
        CloseOverStars(start);
    }

    /// <summary>The pattern as the operator wrote it.</summary>
    public string Text { get; }

    public static bool IsPattern(string room) => room.AsSpan().IndexOfAny(AnyRun, AnyOne) >= 0;

    public static RoomPattern Compile(string pattern) => new(pattern);

    /// <summary>Compiles and matches once (the resolver keeps compiled patterns; this is for one-off checks).</summary>
    public static bool Matches(string pattern, ReadOnlySpan<char> room) => Compile(pattern).Matches(room);

    public bool Matches(ReadOnlySpan<char> room)
    {
        long steps = 0;
        return Matches(room, ref steps);
    }

    /// <summary>Matches, adding to <paramref name="steps"/> one for each word of state updated: the work done.</summary>
    internal bool Matches(ReadOnlySpan<char> room, ref long steps)
    {
        Span<ulong> state = words <= 8 ? stackalloc ulong[words] : new ulong[words];
        start.CopyTo(state);
        foreach (var c in room)
        {
            var accepts = byCharacter.TryGetValue(c, out var mask) ? mask : otherCharacter;
            // Next = ((state & accepts) << 1) | (state & stars), from the top word down so each word reads the old one below.
            var any = 0UL;
            for (var w = words - 1; w >= 0; w--)
            {
                var carry = w > 0 ? (state[w - 1] & accepts[w - 1]) >> 63 : 0;
                state[w] = ((state[w] & accepts[w]) << 1) | carry | (state[w] & stars[w]);
                any |= state[w];
            }

            steps += words;
            if (any == 0)
            {
                return false;
            }

            CloseOverStars(state);
        }

        return (state[tokens / 64] & (1UL << (tokens % 64))) != 0;
    }

    public override string ToString() => Text;

    /// <summary>A * may match nothing: where the state stands before a *, it also stands after it.</summary>
    private void CloseOverStars(Span<ulong> state)
    {
        for (var w = words - 1; w >= 0; w--)
        {
            var carry = w > 0 ? (state[w - 1] & stars[w - 1]) >> 63 : 0;
            state[w] |= ((state[w] & stars[w]) << 1) | carry;
        }
    }

    private static void Set(ulong[] bits, int j) => bits[j / 64] |= 1UL << (j % 64);
}
