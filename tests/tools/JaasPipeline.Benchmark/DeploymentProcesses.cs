using System.Diagnostics;

namespace JaasPipeline.Benchmark;

/// <summary>
/// The deployment's processes (given by pid, or found once by a piece of their command line) and this benchmark:
/// their peak resident set size, VmHWM from /proc/&lt;pid&gt;/status (the most memory each has held at once since it
/// started), and the CPU each used over the run, beside how busy the whole machine was (Linux only).
/// </summary>
internal sealed class DeploymentProcesses
{
    private readonly IReadOnlyList<(string Label, int Pid, bool Own)> targets;

    private DeploymentProcesses(IReadOnlyList<(string Label, int Pid, bool Own)> targets) => this.targets = targets;

    /// <param name="pids">The deployment's own processes.</param>
    /// <param name="sharedPids">Processes it shares with others (the local broker): CPU reported, not counted for the targets.</param>
    /// <param name="commandLineMatches">Pieces of command lines of further own processes.</param>
    public static DeploymentProcesses Find(
        IReadOnlyList<(string Label, int Pid)> pids, IReadOnlyList<(string Label, int Pid)> sharedPids, IReadOnlyList<string> commandLineMatches)
    {
        var targets = pids.Select(p => (p.Label, p.Pid, Own: true)).Concat(sharedPids.Select(p => (p.Label, p.Pid, Own: false))).ToList();
        foreach (var match in commandLineMatches)
        {
            targets.AddRange(FindByCommandLine(match).Where(found => targets.All(t => t.Pid != found.Pid)).Select(f => (f.Label, f.Pid, Own: true)));
        }

        targets.Add(("benchmark (this process)", Environment.ProcessId, Own: false));
        return new DeploymentProcesses(targets);
    }

    /// <summary>
    /// The deployment's process that answers HTTP for the run (its /health/live): the one labelled ingress or standalone
    /// (benchmark.sh's --pid labels, or a matched JaasPipeline.Ingress.Host / JaasPipeline.Standalone); null if none is.
    /// </summary>
    public (string Label, int Pid)? Answering =>
        targets.Where(t => t.Own && (t.Label.Contains("ingress", StringComparison.OrdinalIgnoreCase) || t.Label.Contains("standalone", StringComparison.OrdinalIgnoreCase)))
            .Select(t => ((string Label, int Pid)?)(t.Label, t.Pid))
            .FirstOrDefault();

    public CpuSnapshot SampleCpu() =>
        new(targets.ToDictionary(t => t.Pid, t => CpuTime(t.Pid)), MachineCpu.Read(), LoadClock.Now);

    /// <summary>Memory now, and CPU since <paramref name="since"/>, of every process (this benchmark last) and of the machine.</summary>
    public ResourceUse Read(CpuSnapshot since)
    {
        var now = SampleCpu();
        var seconds = Stopwatch.GetElapsedTime(since.Taken, now.Taken).TotalSeconds;
        var processes = targets.Select(t =>
        {
            var (peak, current) = Memory(t.Pid);
            double? cores = since.Processes[t.Pid] is { } before && now.Processes[t.Pid] is { } after ? (after - before).TotalSeconds / seconds : null;
            return new ProcessPeak(t.Label, t.Pid, t.Own, peak, current, cores);
        }).ToList();
        return new ResourceUse(processes, now.Machine.BusyCoresSince(since.Machine), seconds);
    }

    private static TimeSpan? CpuTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException)
        {
            return null; // exited
        }
    }

    private static IEnumerable<(string Label, int Pid)> FindByCommandLine(string match)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile, or not ours to read
            }

            if (arguments.Length > 0 && string.Join(' ', arguments).Contains(match, StringComparison.Ordinal))
            {
                // `dotnet X.dll …` is labelled X; anything else by its executable.
                var dll = arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
                yield return (Path.GetFileNameWithoutExtension(dll ?? arguments[0]), pid);
            }
        }
    }

    private static (long? PeakKb, long? CurrentKb) Memory(int pid)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            return (Kilobytes(lines, "VmHWM:"), Kilobytes(lines, "VmRSS:"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    // "VmHWM:	  123456 kB"
    private static long? Kilobytes(string[] lines, string field) =>
        lines.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line &&
        long.TryParse(line[field.Length..].Trim().Split(' ')[0], out var kb)
            ? kb
            : null;
}
