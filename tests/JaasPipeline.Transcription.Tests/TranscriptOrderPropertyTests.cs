using FsCheck;
using FsCheck.Fluent;
using JaasPipeline.Testing;

namespace JaasPipeline.Transcription.Tests;

/// <summary>
/// JaaS delivers in any order and repeats deliveries (same key), and may re-send a phrase under a new key (same
/// messageID): whatever arrives, in whatever order, the meeting's transcript is the set of its phrases in spoken order.
/// Runs on the store over a real SQLite file (the inbox, which drops same-key repeats before the store, is covered by
/// <see cref="TranscriptThroughIngressTests"/>); here both kinds of repeat reach the store.
/// </summary>
public sealed class TranscriptOrderPropertyTests
{
    private static readonly Config Meetings = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);
    private TempFolder folder = null!;
    private TranscriptionTestHost host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        folder = new TempFolder();
        host = await TranscriptionTestHost.StartAsync(folder);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await host.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public void AnyOrderWithAnyRepeats_GivesTheSameTranscript()
    {
        Check.One(Meetings, Prop.ForAll(Deliveries().ToArbitrary(), delivery =>
        {
            var sessionId = Chunks.NewSessionId();
            var arrived = delivery.Arrivals.Select(arrival => delivery.Phrases[arrival.Phrase] with
            {
                SessionId = sessionId,
                IdempotencyKey = arrival.NewKey ? $"resent-{arrival.Phrase}" : $"key-{arrival.Phrase}",
            });
            host.StoreDirectlyAsync(arrived).GetAwaiter().GetResult();
            var transcript = host.Store.TranscriptAsync(sessionId, CancellationToken.None).GetAwaiter().GetResult()!;

            var expected = delivery.Phrases
                .OrderBy(p => p.Timestamp).ThenBy(p => p.MessageId, StringComparer.Ordinal)
                .Select(p => $"{p.Timestamp.ToUnixTimeMilliseconds()} {p.MessageId} {p.Name}: {p.Text}").ToList();
            var actual = transcript.Segments.Select(p => $"{p.Timestamp.ToUnixTimeMilliseconds()} {p.MessageId} {p.Name}: {p.Text}").ToList();
            return expected.SequenceEqual(actual).Label($"expected:\n{string.Join("\n", expected)}\nactual:\n{string.Join("\n", actual)}");
        }));
    }

    /// <summary>A meeting's phrases (timestamps from a few seconds, so some share a millisecond), and the order they arrived in.</summary>
    public sealed record Delivery(IReadOnlyList<TranscriptSegment> Phrases, IReadOnlyList<(int Phrase, bool NewKey)> Arrivals)
    {
        public override string ToString() =>
            $"{Phrases.Count} phrases, arrivals {string.Join(" ", Arrivals.Select(a => a.NewKey ? $"{a.Phrase}'" : $"{a.Phrase}"))}";
    }

    private static Gen<Delivery> Deliveries() =>
        from count in Gen.Choose(1, 25)
        from offsets in Gen.ListOf(Gen.Choose(0, 8), count)
        from ids in Gen.Shuffle(Enumerable.Range(0, count).Select(i => $"{(char)('a' + i % 26)}{i:D2}").ToArray())
        from speakers in Gen.ListOf(Gen.Elements("Jane", "Bob", "Zoë", "محمد"), count)
        let phrases = Enumerable.Range(0, count)
            .Select(i => Chunks.Segment("", ids[i], Chunks.T0.AddMilliseconds(offsets[i] * 250), $" phrase {i} ", speakers[i]))
            .ToList()
        from repeats in Gen.ListOf(Gen.Choose(0, count - 1).Zip(Gen.Elements(false, true)))
        from arrivals in Gen.Shuffle(Enumerable.Range(0, count).Select(i => (i, false)).Concat(repeats).ToArray())
        select new Delivery(phrases, arrivals);
}
