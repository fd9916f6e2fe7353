namespace JaasPipeline.Benchmark;

/// <summary>Each process's memory and CPU over <see cref="Seconds"/> of the run (this benchmark last), and the machine's busy cores.</summary>
internal sealed record ResourceUse(IReadOnlyList<ProcessPeak> Processes, double? MachineBusyCores, double Seconds)
{
    /// <summary>The deployment's own processes, without shared ones and this benchmark.</summary>
    public IEnumerable<ProcessPeak> Deployment => Processes.Where(p => p.CountsForTargets);

    /// <summary>Processes the deployment shares with others (the local RabbitMQ): neither its own nor this benchmark.</summary>
    public IEnumerable<ProcessPeak> Shared => Processes.Where(p => !p.CountsForTargets && p.Pid != Environment.ProcessId);
}
