namespace JaasPipeline.Benchmark;

/// <summary>
/// One process: peak resident set (VmHWM) and current (VmRSS) in kB, and the cores it used on average over the run;
/// each null if the process is gone. Only the deployment's own processes count for the targets: not a broker it shares
/// with others (whose peak is from long before the run), not this benchmark.
/// </summary>
internal sealed record ProcessPeak(string Label, int Pid, bool CountsForTargets, long? PeakKb, long? CurrentKb, double? CpuCores);
