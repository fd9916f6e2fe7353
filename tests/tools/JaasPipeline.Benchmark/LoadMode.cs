namespace JaasPipeline.Benchmark;

internal enum LoadMode
{
    /// <summary>N connections, each sending again as soon as it is answered.</summary>
    Closed,

    /// <summary>A fixed offered rate on a schedule, latency from the scheduled time.</summary>
    Open,
}
