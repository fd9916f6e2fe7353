namespace JaasPipeline.Benchmark;

/// <summary>One process's memory from /proc/&lt;pid&gt;/status: peak resident set (VmHWM) and current (VmRSS), in kB; null if gone.</summary>
internal sealed record ProcessPeak(string Label, int Pid, long? PeakKb, long? CurrentKb);
