namespace JaasPipeline.ConsumerApi;

/// <summary>
/// The answer of a meeting's clearing (or, with <paramref name="DryRun"/>, of what it would delete): the rows deleted and
/// the eventTypes the replay should send to the service's queue (null: every one).
/// </summary>
public sealed record ReprocessClearAnswer(
    string Service, string SessionId, bool DryRun, int EffectRows, int InboxRows, IReadOnlyList<string>? EventTypes);
