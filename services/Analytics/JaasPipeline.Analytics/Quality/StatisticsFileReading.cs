using JaasPipeline.Analytics.Reports;

namespace JaasPipeline.Analytics.Quality;

/// <summary>What reading one statistics file gave: its figures, and why they are partial when a limit was reached (null when the whole file was read).</summary>
public sealed record StatisticsFileReading(CallQuality Quality, string? LimitReason)
{
    /// <summary>Each tracked connection's figures, by id: what the file's reconnects, failure and RTT are made of.</summary>
    public IReadOnlyList<ConnectionQuality> Connections { get; init; } = [];
}
