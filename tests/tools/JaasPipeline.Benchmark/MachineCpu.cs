namespace JaasPipeline.Benchmark;

/// <summary>
/// The whole machine's CPU counters from the first line of /proc/stat (clock ticks since boot): how busy every core
/// was, whatever ran on it. On a shared machine this says how much of it the run really had.
/// </summary>
internal sealed record MachineCpu(long BusyTicks, long TotalTicks)
{
    public static MachineCpu Read()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = fields.Sum();
            return new MachineCpu(total - fields[3] - fields[4], total);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return new MachineCpu(0, 0);
        }
    }

    /// <summary>Cores busy on average between <paramref name="earlier"/> and this sample, or null if unknown.</summary>
    public double? BusyCoresSince(MachineCpu earlier) =>
        TotalTicks > earlier.TotalTicks
            ? Environment.ProcessorCount * (double)(BusyTicks - earlier.BusyTicks) / (TotalTicks - earlier.TotalTicks)
            : null;
}
