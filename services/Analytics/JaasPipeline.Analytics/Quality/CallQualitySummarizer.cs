using System.Collections.Frozen;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using JaasPipeline.Analytics.Reports;

namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// Reads a statistics file entry by entry (gzip, one JSON array <c>[type, connectionId, data, epochMs, sequence?]</c>
/// per line; docs/jaas-reference.md, The statistics file) and keeps only running figures: the file is never held whole, and what it keeps per file is
/// bounded by <see cref="StatisticsFileLimits"/> — the longest line, the connections and reports tracked, the RTT
/// samples kept for the 95th percentile, the bytes decompressed and the time spent.
/// </summary>
public sealed class CallQualitySummarizer
{
    /// <summary>The report fields the figures are made of: the only ones the decompressor keeps.</summary>
    private static readonly FrozenSet<string> ReadFields = FrozenSet.ToFrozenSet(
    [
        "type", "timestamp", "selectedCandidatePairId", "nominated", "state", "currentRoundTripTime", "roundTripTime", "googRtt",
        "googActiveConnection", "bytesReceived", "bytesSent", "kind", "mediaType", "jitter", "packetsLost", "packetsReceived",
    ], StringComparer.Ordinal);

    private readonly StatisticsFileLimits limits;
    private readonly RtcStatsDecompressor decompressor;
    private readonly Dictionary<string, RoundTripTimes> rtts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Connection, string Report), RtpCounters> inbound = [];
    private readonly Dictionary<(string Connection, string Report), RtpCounters> outbound = [];
    private readonly Dictionary<string, ConnectionTimeline> connections = new(StringComparer.Ordinal);
    private double jitterSum;
    private long jitterCount;
    private double? firstSampleAt;
    private double? lastSampleAt;
    private int malformedLines;
    private long entriesOfUntrackedConnections;
    private long untrackedCounters;

    public CallQualitySummarizer()
        : this(StatisticsFileLimits.Default)
    {
    }

    public CallQualitySummarizer(StatisticsFileLimits limits)
    {
        this.limits = limits;
        decompressor = new RtcStatsDecompressor(limits.MaxReports, ReadFields);
    }

    /// <summary>Summarizes a gzip-compressed statistics file within the default limits.</summary>
    public static async Task<CallQuality> SummarizeAsync(Stream compressed, CancellationToken cancellationToken) =>
        (await SummarizeAsync(compressed, StatisticsFileLimits.Default, cancellationToken)).Quality;

    /// <summary>
    /// Summarizes a gzip-compressed statistics file line by line within <paramref name="limits"/>. Reaching a limit, or a
    /// file that ends before its gzip trailer says it should, gives the figures of what was read and the reason.
    /// </summary>
    public static async Task<StatisticsFileReading> SummarizeAsync(Stream compressed, StatisticsFileLimits limits, CancellationToken cancellationToken)
    {
        var summarizer = new CallQualitySummarizer(limits);
        var compressedFile = new TrailerKeepingStream(compressed);
        await using var gzip = new GZipStream(compressedFile, CompressionMode.Decompress, leaveOpen: true);
        var lines = new StatisticsLineReader(gzip, limits.MaxLineBytes, limits.MaxDecompressedBytes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.MaxReadTime);
        var timedOut = false;
        try
        {
            while (await lines.ReadLineAsync(deadline.Token) is { } line)
            {
                summarizer.Add(line);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }

        var reasons = new List<string>();
        if (lines.OversizedLines > 0)
        {
            reasons.Add($"{lines.OversizedLines} line(s) longer than Analytics:QualityMaxLineBytes ({limits.MaxLineBytes} bytes) skipped");
        }

        reasons.AddRange(summarizer.LimitsReached());
        if (timedOut)
        {
            reasons.Add($"reading stopped after Analytics:QualityMaxReadTime ({limits.MaxReadTime})");
        }
        else if (lines.StoppedAtByteCap)
        {
            reasons.Add($"reading stopped at Analytics:QualityMaxDecompressedBytes ({limits.MaxDecompressedBytes} bytes)");
        }
        else if (lines.ReachedEnd && !lines.MatchesGzipTrailer(compressedFile.Trailer))
        {
            // GZipStream ends quietly on a cut file; the trailer (CRC-32 and size) of the file tells.
            reasons.Add("the file ends before its gzip trailer says it should (truncated or damaged)");
        }

        var limitReason = reasons.Count == 0 ? null : string.Join("; ", reasons);
        var quality = summarizer.Summary() with
        {
            Status = limitReason is null ? CallQualityStatuses.Done : CallQualityStatuses.Limited,
            Reason = limitReason,
        };
        return new StatisticsFileReading(quality, limitReason) { Connections = summarizer.Connections() };
    }

    /// <summary>Takes one line of the file (UTF-8, without its newline): a malformed one is counted and skipped.</summary>
    public void Add(ReadOnlyMemory<byte> line)
    {
        if (line.Span.Trim(" \t\r"u8).IsEmpty)
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

    /// <summary>Takes one line of the file: a malformed one is counted and skipped.</summary>
    public void Add(string line) => Add(Encoding.UTF8.GetBytes(line));

    /// <summary>Which of the per-file limits were reached, each with what it cost.</summary>
    public IEnumerable<string> LimitsReached()
    {
        if (entriesOfUntrackedConnections > 0)
        {
            yield return $"{entriesOfUntrackedConnections} entries of connections beyond Analytics:QualityMaxConnections ({limits.MaxConnections}) skipped";
        }

        if (decompressor.UntrackedReports + untrackedCounters > 0)
        {
            yield return $"{decompressor.UntrackedReports + untrackedCounters} reports beyond Analytics:QualityMaxReports ({limits.MaxReports}) not tracked";
        }
    }

    public CallQuality Summary()
    {
        var duration = firstSampleAt is { } first && lastSampleAt is { } last ? (last - first) / 1000 : (double?)null;
        var (rtt, rttSource) = RoundTripSource();
        return new CallQuality
        {
            RttMeanMs = rtt?.MeanMs is { } mean ? WholeMs(mean) : null,
            RttP95Ms = rtt?.P95Ms is { } p95 ? WholeMs(p95) : null,
            RttSource = rttSource,
            JitterMeanMs = jitterCount == 0 ? null : WholeMs(jitterSum / jitterCount),
            PacketLossRatio = PacketLoss(),
            InboundKbps = Kbps(inbound.Values, duration),
            OutboundKbps = Kbps(outbound.Values, duration),
            DurationMs = firstSampleAt is { } start && lastSampleAt is { } end ? WholeMs(end - start) : null,
            IceReconnects = connections.Values.Sum(c => c.Reconnects),
            IceFailed = connections.Values.Any(c => c.Failed),
            MalformedLines = malformedLines,
        };
    }

    /// <summary>Each tracked connection's figures (by id, ordinal): what the file's reconnects, failure and RTT add up from.</summary>
    public IReadOnlyList<ConnectionQuality> Connections()
    {
        var (_, rttSource) = RoundTripSource();
        return connections.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Quality(rttSource)).ToList();
    }

    /// <summary>
    /// One source per file, so that the mean and the p95 are of one kind of measurement: the selected candidate pairs'
    /// <c>currentRoundTripTime</c> when any entry gave one; else the legacy active pair's <c>googRtt</c> (Chrome before
    /// 2022); else (Firefox) the remote-inbound-rtp <c>roundTripTime</c>.
    /// </summary>
    private (RoundTripTimes? Samples, string? Source) RoundTripSource()
    {
        foreach (var source in RttSources.ByPreference)
        {
            if (rtts.TryGetValue(source, out var samples))
            {
                return (samples, source);
            }
        }

        return (null, null);
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
        var ofOneConnection = type is "getstats" or "oniceconnectionstatechange" or "onconnectionstatechange";
        var timeline = ofOneConnection ? Tracked(connection) : null;
        if (ofOneConnection && timeline is null)
        {
            entriesOfUntrackedConnections++;
            return true;
        }

        switch (type)
        {
            case "getstats":
                if (data.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                Sample(timeline!, decompressor.Apply(connection, data, epochMs), RtcStatsDecompressor.EntryTime(data, epochMs));
                return true;
            case "onconnectionstatechange" when State(data) is { } state:
                timeline!.ConnectionState(state);
                return true;
            case "oniceconnectionstatechange" when State(data) is { } state:
                timeline!.IceState(state);
                return true;
            case "onconnectionstatechange" or "oniceconnectionstatechange":
                return false;
            default:
                return true;
        }
    }

    private void Sample(ConnectionTimeline timeline, IReadOnlyDictionary<string, Dictionary<string, object?>> reports, double at)
    {
        firstSampleAt = firstSampleAt is { } first ? Math.Min(first, at) : at;
        lastSampleAt = lastSampleAt is { } last ? Math.Max(last, at) : at;
        var connection = timeline.Id;

        if (SelectedPair(reports) is { } pair && Number(pair, "currentRoundTripTime") is { } rttSeconds)
        {
            Rtt(timeline, RttSources.CandidatePair, rttSeconds * 1000);
        }

        foreach (var (id, report) in reports)
        {
            switch (Text(report, "type"))
            {
                case "remote-inbound-rtp" when Number(report, "roundTripTime") is { } remoteRttSeconds:
                    // For a file whose pairs give no RTT (Firefox): each report's value in each entry, as getRTTFirefox takes it.
                    Rtt(timeline, RttSources.RemoteInboundRtp, remoteRttSeconds * 1000);
                    break;
                case "googCandidatePair" when Text(report, "googActiveConnection") == "true" && LegacyNumber(report, "googRtt") is { } googRttMs:
                    Rtt(timeline, RttSources.LegacyCandidatePair, googRttMs);
                    break;
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

    private void Rtt(ConnectionTimeline timeline, string source, double rttMs)
    {
        if (!rtts.TryGetValue(source, out var samples))
        {
            samples = new RoundTripTimes();
            rtts[source] = samples;
        }

        samples.Add(rttMs);
        timeline.Rtt(source, rttMs);
    }

    /// <summary>The connection's timeline if it is tracked: the first <see cref="StatisticsFileLimits.MaxConnections"/> of the file are.</summary>
    private ConnectionTimeline? Tracked(string connection)
    {
        if (connections.TryGetValue(connection, out var timeline))
        {
            return timeline;
        }

        if (connections.Count >= limits.MaxConnections || connection.Length > RtcStatsDecompressor.MaxKeptText)
        {
            return null;
        }

        timeline = new ConnectionTimeline(connection);
        connections[connection] = timeline;
        return timeline;
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

    private void Count(
        Dictionary<(string, string), RtpCounters> counters, (string, string) key, double? bytes, Dictionary<string, object?> report)
    {
        if (!counters.TryGetValue(key, out var counter))
        {
            // Counters outlive their reports (bytes already counted stay counted), so they are capped apart.
            if (counters.Count >= limits.MaxReports)
            {
                untrackedCounters++;
                return;
            }

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

    private static double? Number(Dictionary<string, object?> report, string field) => report.GetValueOrDefault(field) as double?;

    /// <summary>A state entry's DATA: a short string (states are words), else the entry is malformed.</summary>
    private static string? State(JsonElement data) =>
        data.ValueKind == JsonValueKind.String && data.GetString() is { Length: <= RtcStatsDecompressor.MaxKeptText } state ? state : null;

    /// <summary>A legacy (googXxx) figure: Chrome sent them as text ("48").</summary>
    private static double? LegacyNumber(Dictionary<string, object?> report, string field) => report.GetValueOrDefault(field) switch
    {
        double number => number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

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
