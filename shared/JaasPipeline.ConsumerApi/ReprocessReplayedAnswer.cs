namespace JaasPipeline.ConsumerApi;

/// <summary>The answer to "the meeting's replay is scheduled": whether a pending marker was there to remove.</summary>
public sealed record ReprocessReplayedAnswer(string Service, string SessionId, bool WasPending);
