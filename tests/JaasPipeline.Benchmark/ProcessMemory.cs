namespace JaasPipeline.Benchmark;

/// <summary>
/// Finds the deployment's processes (by pid, or by a piece of their command line) and reads their peak resident set
/// size, VmHWM, from /proc (Linux only): the most memory each has held at once since it started.
/// </summary>
internal static class ProcessMemory
{
    public static IReadOnlyList<ProcessPeak> Read(IReadOnlyList<(string Label, int Pid)> pids, IReadOnlyList<string> commandLineMatches)
    {
        var targets = pids.ToList();
        foreach (var match in commandLineMatches)
        {
            targets.AddRange(FindByCommandLine(match).Where(found => targets.All(t => t.Pid != found.Pid)));
        }

        return [.. targets.Select(t => Status(t.Label, t.Pid))];
    }

    /// <summary>This process's own figures, so the load generator's cost on the same cores is visible too.</summary>
    public static ProcessPeak Self() => Status("benchmark (this process)", Environment.ProcessId);

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
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (arguments.Length > 0 && string.Join(' ', arguments).Contains(match, StringComparison.Ordinal))
            {
                // `dotnet X.dll …` is labelled X; anything else by its executable.
                var dll = arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
                yield return (Path.GetFileNameWithoutExtension(dll ?? arguments[0]), pid);
            }
        }
    }

    private static ProcessPeak Status(string label, int pid)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            return new ProcessPeak(label, pid, Kilobytes(lines, "VmHWM:"), Kilobytes(lines, "VmRSS:"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ProcessPeak(label, pid, null, null);
        }
    }

    // "VmHWM:	  123456 kB"
    private static long? Kilobytes(string[] lines, string field) =>
        lines.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line &&
        long.TryParse(line[field.Length..].Trim().Split(' ')[0], out var kb)
            ? kb
            : null;
}
