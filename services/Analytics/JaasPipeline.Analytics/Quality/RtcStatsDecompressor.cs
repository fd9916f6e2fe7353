using System.Text.Json;

namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// Rebuilds the full getstats reports of each connection from the delta-compressed entries of a statistics file, as
/// rtcstats-server and the JaaS reference's <c>decompress(baseStats, newStats)</c> do: a report id absent from an
/// entry was removed; a known id is merged field by field (unchanged fields, <c>type</c> included, are left out of
/// the delta) and takes the entry's timestamp; a new id is taken whole, its timestamp of 0 replaced by the entry's.
/// One instance per file: it keeps the state of every connection of that file. What it keeps is bounded when asked:
/// at most <c>maxReports</c> reports in all (a report id first seen once that many are held is not tracked, and counted
/// in <see cref="UntrackedReports"/>), and, given <c>keptFields</c>, only those fields, with text of at most
/// <see cref="MaxKeptText"/> characters (longer text is kept as null) — so each report holds a bounded number of bytes.
/// </summary>
public sealed class RtcStatsDecompressor(int maxReports = int.MaxValue, IReadOnlySet<string>? keptFields = null)
{
    /// <summary>The longest text value or report id kept when <c>keptFields</c> is given: ids, types and states are far shorter.</summary>
    public const int MaxKeptText = 256;

    /// <summary>The key of an entry's own timestamp: not a report (rtcstats-server removes it before merging).</summary>
    private const string TimestampKey = "timestamp";

    private readonly Dictionary<string, Dictionary<string, Dictionary<string, object?>>> connections = new(StringComparer.Ordinal);
    private int reports;

    /// <summary>New report ids not tracked because <c>maxReports</c> were held.</summary>
    public long UntrackedReports { get; private set; }

    /// <summary>
    /// Applies one getstats entry of <paramref name="connectionId"/> and returns that connection's full state: report
    /// id → field → value (numbers as double, text, bool, null; nested values as cloned JSON).
    /// </summary>
    /// <param name="data">The entry's DATA: an object of reports keyed by id, plus its <c>timestamp</c>.</param>
    /// <param name="epochMs">The entry's EPOCH_MS: the entry's time when DATA has no timestamp of its own.</param>
    public IReadOnlyDictionary<string, Dictionary<string, object?>> Apply(string connectionId, JsonElement data, double epochMs)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A getstats entry's data must be an object.", nameof(data));
        }

        if (!connections.TryGetValue(connectionId, out var state))
        {
            state = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
            connections[connectionId] = state;
        }

        var timestamp = data.TryGetProperty(TimestampKey, out var own) && own.ValueKind == JsonValueKind.Number ? own.GetDouble() : epochMs;

        // A report the new entry does not carry was removed (e.g. an SSRC left the connection).
        List<string>? removed = null;
        foreach (var id in state.Keys)
        {
            if (!data.TryGetProperty(id, out var carried) || carried.ValueKind != JsonValueKind.Object)
            {
                (removed ??= []).Add(id);
            }
        }

        foreach (var id in removed ?? [])
        {
            state.Remove(id);
            reports--;
        }

        foreach (var report in data.EnumerateObject())
        {
            if (report.Name == TimestampKey || report.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (state.TryGetValue(report.Name, out var known))
            {
                Merge(known, report.Value);

                // The reference sets the entry's timestamp on every merged report (reports carry 0 to save space).
                known[TimestampKey] = timestamp;
            }
            else if (reports >= maxReports || (keptFields is not null && report.Name.Length > MaxKeptText))
            {
                UntrackedReports++;
            }
            else
            {
                var fresh = new Dictionary<string, object?>(StringComparer.Ordinal);
                Merge(fresh, report.Value);

                if (fresh.TryGetValue(TimestampKey, out var reportTime) && reportTime is 0d)
                {
                    fresh[TimestampKey] = timestamp;
                }

                state[report.Name] = fresh;
                reports++;
            }
        }

        return state;
    }

    private void Merge(Dictionary<string, object?> into, JsonElement report)
    {
        foreach (var field in report.EnumerateObject())
        {
            if (keptFields is null)
            {
                into[field.Name] = ValueOf(field.Value);
            }
            else if (keptFields.Contains(field.Name))
            {
                into[field.Name] = field.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    || (field.Value.ValueKind == JsonValueKind.String && field.Value.GetString()!.Length > MaxKeptText)
                    ? null
                    : ValueOf(field.Value);
            }
        }
    }

    /// <summary>The entry time <see cref="Apply"/> uses: DATA's own <c>timestamp</c>, else EPOCH_MS.</summary>
    public static double EntryTime(JsonElement data, double epochMs) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(TimestampKey, out var own) && own.ValueKind == JsonValueKind.Number
            ? own.GetDouble()
            : epochMs;

    private static object? ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.Clone(),
    };
}
