namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// The bounds one statistics file is read within (the <c>Analytics:Quality*</c> settings). A file that reaches one is
/// summarized from what was read and marked <c>limited</c> with the reason: a statistics file comes from a browser, so
/// its size, line length and number of connections are whatever the sender made them (issue 21, H1).
/// </summary>
public sealed record StatisticsFileLimits(int MaxLineBytes, int MaxConnections, int MaxReports, long MaxDecompressedBytes, TimeSpan MaxReadTime)
{
    /// <summary>RTT samples kept exactly for the 95th percentile; past this a uniform sample of this size is kept (8 bytes each).</summary>
    public const int RttSampleCapacity = 200_000;

    public static StatisticsFileLimits From(AnalyticsOptions options) => new(
        options.QualityMaxLineBytes, options.QualityMaxConnections, options.QualityMaxReports, options.QualityMaxDecompressedBytes,
        options.QualityMaxReadTime);

    /// <summary>The defaults of <see cref="AnalyticsOptions"/>.</summary>
    public static StatisticsFileLimits Default { get; } = From(new AnalyticsOptions());
}
