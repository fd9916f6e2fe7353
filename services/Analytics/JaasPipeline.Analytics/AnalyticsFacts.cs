using System.Collections.Frozen;
using JaasPipeline.Contracts;

namespace JaasPipeline.Analytics;

/// <summary>The engagement events the analytics service keeps as facts, and the eventType each is stored under.</summary>
public static class AnalyticsFacts
{
    private static readonly FrozenDictionary<Type, string> Kinds = new[]
    {
        JaasEventTypes.SpeakerStats, JaasEventTypes.Reactions, JaasEventTypes.AggregatedReactions, JaasEventTypes.PollCreated,
        JaasEventTypes.PollAnswer, JaasEventTypes.Feedback, JaasEventTypes.RecordingStarted, JaasEventTypes.RecordingEnded,
        JaasEventTypes.LiveStreamStarted, JaasEventTypes.LiveStreamEnded,
    }.ToFrozenDictionary(kind => JaasEventTypes.RecordTypes[kind], kind => kind);

    /// <summary>The eventType a fact is stored under, from its record type (never from the payload's own text).</summary>
    public static string KindOf(JaasEvent fact) =>
        Kinds.TryGetValue(fact.GetType(), out var kind) ? kind : throw new ArgumentException($"{fact.GetType().Name} is not an analytics fact.", nameof(fact));

    public static Type RecordTypeOf(string kind) => JaasEventTypes.RecordTypes[kind];
}
