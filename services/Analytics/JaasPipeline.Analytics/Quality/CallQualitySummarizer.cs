using System.IO.Compression;
using System.Text;
using System.Text.Json;
using JaasPipeline.Analytics.Reports;

namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// Reads a statistics file entry by entry (gzip, one JSON array <c>[type, connectionId, data, epochMs, sequence?]</c>
/// per line; docs/jaas-reference.md, The statistics file) and keeps only running figures: the file is never held
/// whole. What grows with the file is one RTT sample (8 bytes) per getstats entry, needed for the 95th percentile.
/// </summary>
public sealed class CallQualitySummarizer
{
    private readonly RtcStatsDecompressor decompressor = new();
    private readonly List<double> rttSamples = [];
    private readonly Dictionary<(string Connection, string Report), RtpCounters> inbound = [];
    private readonly Dictionary<(string Connection, string Report), RtpCounters> outbound = [];
    private readonly Dictionary<string, string> iceStates = new(StringComparer.Ordinal);
    private double jitterSum;
    private long jitterCount;
    private double? firstSampleAt;
    private double? lastSampleAt;
    private int iceReconnects;
    private bool iceFailed;
    private int malformedLines;

    /// <summary>Summarizes a gzip-compressed statistics file, reading it line by line.</summary>
    public static async Task<CallQuality> SummarizeAsync(Stream compressed, CancellationToken cancellationToken)
    {
        var summarizer = new CallQualitySummarizer();
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            summarizer.Add(line);
        }

        return summarizer.Summary();
    }

    /// <summary>Takes one line of the file: a malformed one is counted and skipped.</summary>
    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        try
        {
            using var entry = JsonDocument.Parse(line);
            if (!TryAdd(entry.RootElement))
            {
                malformedLines++;
            }
        }
        catch (JsonException)
        {
            // Counted, not fatal: the figures come from the entries that could be read (issue 12).
            malformedLines++;
        }
    }

    public CallQuality Summary()
    {
        var duration = firstSampleAt is { } first && lastSampleAt is { } last ? (last - first) / 1000 : (double?)null;
        return new CallQuality
        {
            RttMeanMs = rttSamples.Count == 0 ? null : WholeMs(rttSamples.Average()),
            RttP95Ms = rttSamples.Count == 0 ? null : WholeMs(NearestRank(rttSamples, 95)),
            JitterMeanMs = jitterCount == 0 ? null : WholeMs(jitterSum / jitterCount),
            PacketLossRatio = PacketLoss(),
            InboundKbps = Kbps(inbound.Values, duration),
            OutboundKbps = Kbps(outbound.Values, duration),
            DurationMs = firstSampleAt is { } start && lastSampleAt is { } end ? WholeMs(end - start) : null,
            IceReconnects = iceReconnects,
            IceFailed = iceFailed,
            MalformedLines = malformedLines,
        };
    }

    /// <summary>The nearest-rank percentile: the smallest sample with at least p % of the samples at or below it.</summary>
    public static double NearestRank(IReadOnlyCollection<double> samples, int percent)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Max(rank, 1) - 1];
    }

    private bool TryAdd(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() < 4
            || entry[0].ValueKind != JsonValueKind.String || entry[3].ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        var type = entry[0].GetString()!;
        var connection = entry[1].ValueKind == JsonValueKind.String ? entry[1].GetString()! : entry[1].GetRawText();
        var data = entry[2];
        var epochMs = entry[3].GetDouble();
        switch (type)
        {
            case "getstats":
                if (data.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                Sample(connection, decompressor.Apply(connection, data, epochMs), RtcStatsDecompressor.EntryTime(data, epochMs));
                return true;
            case "oniceconnectionstatechange":
                if (data.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                IceState(connection, data.GetString()!);
                return true;
            default:
                return true;
        }
    }

    private void Sample(string connection, IReadOnlyDictionary<string, Dictionary<string, object?>> reports, double at)
    {
        firstSampleAt = firstSampleAt is { } first ? Math.Min(first, at) : at;
        lastSampleAt = lastSampleAt is { } last ? Math.Max(last, at) : at;

        if (SelectedPair(reports) is { } pair && Number(pair, "currentRoundTripTime") is { } rttSeconds)
        {
            rttSamples.Add(rttSeconds * 1000);
        }

        foreach (var (id, report) in reports)
        {
            switch (Text(report, "type"))
            {
                case "inbound-rtp":
                    Count(inbound, (connection, id), Number(report, "bytesReceived"), report);
                    if ((Text(report, "kind") ?? Text(report, "mediaType")) == "audio" && Number(report, "jitter") is { } jitter)
                    {
                        jitterSum += jitter * 1000;
                        jitterCount++;
                    }

                    break;
                case "outbound-rtp":
                    Count(outbound, (connection, id), Number(report, "bytesSent"), report);
                    break;
            }
        }
    }

    /// <summary>
    /// The pair the transport report's <c>selectedCandidatePairId</c> names; without one, the nominated, succeeded
    /// pair (the first by id if several). Other pairs never count (issue 12).
    /// </summary>
    private static Dictionary<string, object?>? SelectedPair(IReadOnlyDictionary<string, Dictionary<string, object?>> reports)
    {
        foreach (var report in reports.Values)
        {
            if (Text(report, "type") == "transport" && Text(report, "selectedCandidatePairId") is { } pairId
                && reports.TryGetValue(pairId, out var named))
            {
                return named;
            }
        }

        return reports
            .Where(r => Text(r.Value, "type") == "candidate-pair" && r.Value.GetValueOrDefault("nominated") is true
                && Text(r.Value, "state") == "succeeded")
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Value)
            .FirstOrDefault();
    }

    private static void Count(
        Dictionary<(string, string), RtpCounters> counters, (string, string) key, double? bytes, Dictionary<string, object?> report)
    {
        if (!counters.TryGetValue(key, out var counter))
        {
            counter = new RtpCounters { FirstBytes = bytes };
            counters[key] = counter;
        }

        counter.FirstBytes ??= bytes;
        counter.LastBytes = bytes ?? counter.LastBytes;
        counter.PacketsLost = Number(report, "packetsLost") ?? counter.PacketsLost;
        counter.PacketsReceived = Number(report, "packetsReceived") ?? counter.PacketsReceived;
    }

    /// <summary>Σ packetsLost / Σ (packetsReceived + packetsLost), each inbound-rtp report at its last values.</summary>
    private double? PacketLoss()
    {
        var lost = inbound.Values.Sum(c => c.PacketsLost ?? 0);
        var received = inbound.Values.Sum(c => c.PacketsReceived ?? 0);
        return lost + received > 0 ? Math.Round(lost / (received + lost), 6) : null;
    }

    /// <summary>Bytes counted between each report's first and last sample, over the time the file covers, in kbit/s.</summary>
    private static double? Kbps(IEnumerable<RtpCounters> counters, double? durationSeconds)
    {
        var list = counters.Where(c => c.FirstBytes is not null && c.LastBytes is not null).ToList();
        if (list.Count == 0 || durationSeconds is not > 0)
        {
            return null;
        }

        return Round(list.Sum(c => c.LastBytes!.Value - c.FirstBytes!.Value) * 8 / 1000 / durationSeconds.Value);
    }

    /// <summary>A reconnect is ICE coming back to connected/completed after disconnected or failed; failed is failed at any point.</summary>
    private void IceState(string connection, string state)
    {
        var previous = iceStates.GetValueOrDefault(connection);
        if (state is "connected" or "completed" && previous is "disconnected" or "failed")
        {
            iceReconnects++;
        }

        if (state == "failed")
        {
            iceFailed = true;
        }

        iceStates[connection] = state;
    }

    private static double? Number(Dictionary<string, object?> report, string field) => report.GetValueOrDefault(field) as double?;

    private static string? Text(Dictionary<string, object?> report, string field) => report.GetValueOrDefault(field) as string;

    private static double Round(double value) => Math.Round(value, 3);

    // docs/api.md §4: durations are whole milliseconds.
    private static long WholeMs(double milliseconds) => (long)Math.Round(milliseconds, MidpointRounding.AwayFromZero);

    private sealed class RtpCounters
    {
        public double? FirstBytes { get; set; }

        public double? LastBytes { get; set; }

        public double? PacketsLost { get; set; }

        public double? PacketsReceived { get; set; }
    }
}
