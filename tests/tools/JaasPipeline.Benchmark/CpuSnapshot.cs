namespace JaasPipeline.Benchmark;

/// <summary>CPU time used so far by each process (null: gone) and by the whole machine, at a Stopwatch timestamp.</summary>
internal sealed record CpuSnapshot(IReadOnlyDictionary<int, TimeSpan?> Processes, MachineCpu Machine, long Taken);
