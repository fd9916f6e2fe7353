using System.Globalization;

namespace JaasPipeline.Console.Overview;

/// <summary>
/// The ingress's intake and refusal counters sampled over time, and what they rose by within the last
/// <see cref="Window"/>: the rates the overview shows (a counter alone says how many since the ingress started, not
/// whether refusals are happening now). Filled by <see cref="IntakeSampler"/>; one instance per console host.
/// </summary>
public sealed class IntakeRates
{
    /// <summary>How far back the rates look.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The counters sampled, as the ingress names them (docs/observability.md).</summary>
    public static readonly string[] Counters =
    [
        "jaas_deliveries_accepted_total", "jaas_deliveries_duplicate_total", "jaas_deliveries_refused_total", "jaas_signature_failures_total",
    ];

    private readonly Queue<Sample> samples = new();
    private readonly Lock gate = new();

    /// <summary>A scrape's counters at <paramref name="at"/>; samples older than the window before it are dropped.</summary>
    public void Add(DateTimeOffset at, IReadOnlyList<MetricLine> counters)
    {
        var values = counters.Where(line => line.Number is not null)
            .GroupBy(line => (line.Name, line.Labels))
            .ToDictionary(series => series.Key, series => series.Sum(line => line.Number!.Value));
        lock (gate)
        {
            samples.Enqueue(new Sample(at, values));
            while (samples.Peek().At < at - Window)
            {
                samples.Dequeue();
            }
        }
    }

    /// <summary>
    /// Each counter's rise over the samples of the window before <paramref name="now"/>, or null with fewer than two
    /// there: the console started a moment ago, or the ingress has not answered (old samples would show old rates as now).
    /// </summary>
    public IntakeRateReport? Report(DateTimeOffset now)
    {
        Sample[] kept;
        lock (gate)
        {
            kept = [.. samples.Where(sample => sample.At >= now - Window)];
        }

        if (kept.Length < 2)
        {
            return null;
        }

        var span = kept[^1].At - kept[0].At;
        // Every series of the window: one seen before an ingress restart and not since still rose within it.
        var rows = kept.SelectMany(sample => sample.Values.Keys).Distinct()
            .Select(series => new IntakeRate(series.Name, series.Labels, Increase(kept, series), span))
            .OrderBy(rate => Array.IndexOf(Counters, rate.Name)).ThenBy(rate => rate.Labels, StringComparer.Ordinal)
            .ToList();
        return new IntakeRateReport(span, rows);
    }

    // As Prometheus's increase(): a value lower than the one before is a counter that started again from zero (the
    // ingress restarted), so it counts from zero; a series that appears mid-window counts from zero too.
    private static double Increase(Sample[] kept, (string Name, string Labels) series)
    {
        var total = 0.0;
        double? previous = kept[0].Values.GetValueOrDefault(series);
        foreach (var sample in kept.Skip(1))
        {
            if (!sample.Values.TryGetValue(series, out var value))
            {
                continue;
            }

            total += previous is { } before && value >= before ? value - before : value;
            previous = value;
        }

        return total;
    }

    private sealed record Sample(DateTimeOffset At, Dictionary<(string Name, string Labels), double> Values);
}

/// <summary>What the intake counters rose by over <see cref="Span"/> (at most <see cref="IntakeRates.Window"/>).</summary>
public sealed record IntakeRateReport(TimeSpan Span, IReadOnlyList<IntakeRate> Rates)
{
    public string SpanText => Span.TotalMinutes >= 1
        ? $"{(int)Span.TotalMinutes} min {Span.Seconds} s"
        : $"{Span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
}

/// <summary>One counter series' rise over a span, and that rise per minute.</summary>
public sealed record IntakeRate(string Name, string Labels, double Increase, TimeSpan Span)
{
    public double PerMinute => Span > TimeSpan.Zero ? Increase / Span.TotalMinutes : 0;

    public string PerMinuteText => PerMinute.ToString("0.##", CultureInfo.InvariantCulture);

    public string IncreaseText => Increase.ToString("0", CultureInfo.InvariantCulture);
}
