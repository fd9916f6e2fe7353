namespace JaasPipeline.Benchmark;

/// <summary>When a load stops sending: after <see cref="Duration"/>, or after <see cref="MaxDeliveries"/> (0: no count limit).</summary>
internal sealed record LoadLimits(TimeSpan Duration, int MaxDeliveries);
