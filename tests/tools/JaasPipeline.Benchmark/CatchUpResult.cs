namespace JaasPipeline.Benchmark;

/// <summary>The last state seen, and when every consumer was seen caught up (a Stopwatch timestamp), or null if not in time.</summary>
internal sealed record CatchUpResult(PipelineState? Last, long? CaughtUpAt);
