namespace JaasPipeline.Benchmark;

/// <summary>Each process's memory and CPU over <see cref="Seconds"/> of the run (this benchmark last), and the machine's busy cores.</summary>
internal sealed record ResourceUse(IReadOnlyList<ProcessPeak> Processes, double? MachineBusyCores, double Seconds)
{
    /// <summary>The deployment's own processes, without shared ones and this benchmark.</summary>
    public IEnumerable<ProcessPeak> Deployment => Processes.Where(p => p.CountsForTargets);
}
