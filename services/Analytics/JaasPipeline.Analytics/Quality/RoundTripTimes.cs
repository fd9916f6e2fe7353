namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// The round-trip times of one source in a statistics file: an exact sum and count for the mean, and the samples for the
/// 95th percentile — every one while they fit, then a uniform sample of them (reservoir sampling, seeded: the same file
/// gives the same figures), so a file of any length holds at most <see cref="StatisticsFileLimits.RttSampleCapacity"/>.
/// </summary>
internal sealed class RoundTripTimes
{
    private readonly List<double> samples = [];
    private readonly Random sampling = new(0);
    private double sum;

    public long Count { get; private set; }

    public double? MeanMs => Count == 0 ? null : sum / Count;

    public double? P95Ms => samples.Count == 0 ? null : CallQualitySummarizer.NearestRank(samples, 95);

    public void Add(double rttMs)
    {
        Count++;
        sum += rttMs;
        if (samples.Count < StatisticsFileLimits.RttSampleCapacity)
        {
            samples.Add(rttMs);
        }
        else if (sampling.NextInt64(Count) is var slot && slot < StatisticsFileLimits.RttSampleCapacity)
        {
            samples[(int)slot] = rttMs;
        }
    }
}
