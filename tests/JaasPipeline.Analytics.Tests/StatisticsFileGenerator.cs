using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JaasPipeline.Analytics.Tests;

/// <summary>What a generated statistics file must summarize to, computed from the generator's own full state.</summary>
internal sealed record ExpectedQuality(
    double RttMsMean, double RttMsP95, double JitterMsMean, double PacketLossPercent, double InboundKbps, double OutboundKbps,
    double DurationSeconds, int IceReconnects, bool IceFailed, int MalformedLines, long Entries);

/// <summary>
/// Writes a seeded random statistics file the way rtcstats-server stores one: gzip, one JSON array per line, getstats
/// entries delta-compressed per connection against the previous full state (removed reports left out, unchanged
/// fields left out, <c>type</c> included, report timestamps 0), interleaved with the other entry types, ICE state
/// changes and malformed lines. Keeps the full (undelta'd) state itself and computes the expected figures from it.
/// </summary>
internal static class StatisticsFileGenerator
{
    public static ExpectedQuality Write(string path, int seed, int connections, int samplesPerConnection)
    {
        var random = new Random(seed);
        var rtt = new List<double>();
        var jitterSum = 0.0;
        long jitterCount = 0;
        var inbound = new Dictionary<string, (double First, double Last, double Lost, double Received)>();
        var outbound = new Dictionary<string, (double First, double Last)>();
        double? firstAt = null, lastAt = null;
        int reconnects = 0, malformed = 0;
        var failed = false;
        long entries = 0;

        var full = Enumerable.Range(0, connections).Select(_ => new Dictionary<string, Dictionary<string, object>>()).ToArray();
        var previous = Enumerable.Range(0, connections).Select(_ => new Dictionary<string, Dictionary<string, object>>()).ToArray();
        var ssrc = new int[connections];
        var usesTransport = Enumerable.Range(0, connections).Select(c => c % 3 != 2).ToArray();
        var iceDisconnected = new bool[connections];
        var sequence = 0;

        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" };
        void Line(string type, string? connection, JsonNode? data, double at, bool withSequence = true)
        {
            var entry = new JsonArray(type, connection, data, at);
            if (withSequence)
            {
                entry.Add(sequence++);
            }

            writer.WriteLine(entry.ToJsonString());
            entries++;
        }

        Line("connectionInfo", null, JsonValue.Create("{\"clientType\":\"RTCPeerConnection\",\"statsFormat\":\"chrome_standard\"}"), 1_700_000_000_000);
        Line("identity", null, new JsonObject { ["displayName"] = "Test user", ["confName"] = "automation", ["endpointId"] = "231ffc" }, 1_700_000_000_000, false);

        for (var c = 0; c < connections; c++)
        {
            var state = full[c];
            state["CP-a"] = new() { ["type"] = "candidate-pair", ["state"] = "succeeded", ["nominated"] = usesTransport[c], ["currentRoundTripTime"] = 0.05, ["timestamp"] = 0d };
            state["CP-b"] = new() { ["type"] = "candidate-pair", ["state"] = "succeeded", ["nominated"] = !usesTransport[c], ["currentRoundTripTime"] = 0.2, ["timestamp"] = 0d };
            if (usesTransport[c])
            {
                state["T01"] = new() { ["type"] = "transport", ["selectedCandidatePairId"] = "CP-a", ["dtlsState"] = "connected", ["timestamp"] = 0d };
            }

            state["IA"] = new() { ["type"] = "inbound-rtp", ["kind"] = "audio", ["jitter"] = 0.01, ["packetsLost"] = 0d, ["packetsReceived"] = 0d, ["bytesReceived"] = 0d, ["timestamp"] = 0d };
            state[$"IV{ssrc[c]}"] = InboundVideo();
            state["OA"] = new() { ["type"] = "outbound-rtp", ["kind"] = "audio", ["bytesSent"] = 0d, ["packetsSent"] = 0d, ["timestamp"] = 0d };
        }

        var at = 1_700_000_000_000d;
        for (var step = 0; step < samplesPerConnection; step++)
        {
            for (var c = 0; c < connections; c++)
            {
                at += random.Next(200, 400);
                var state = full[c];
                var connection = $"PC_{c}";

                // Counters grow, gauges move; sometimes a video stream is replaced (a new SSRC), or the pair switches.
                Grow(state["IA"], "packetsReceived", random.Next(40, 60));
                Grow(state["IA"], "packetsLost", random.Next(10) == 0 ? random.Next(1, 4) : 0);
                Grow(state["IA"], "bytesReceived", random.Next(3000, 5000));
                if (random.Next(4) > 0)
                {
                    state["IA"]["jitter"] = Math.Round(random.NextDouble() * 0.05, 4);
                }

                var video = $"IV{ssrc[c]}";
                Grow(state[video], "packetsReceived", random.Next(100, 200));
                Grow(state[video], "packetsLost", random.Next(8) == 0 ? random.Next(1, 10) : 0);
                Grow(state[video], "bytesReceived", random.Next(50_000, 150_000));
                Grow(state["OA"], "bytesSent", random.Next(3000, 5000));
                Grow(state["OA"], "packetsSent", 50);
                foreach (var pair in new[] { "CP-a", "CP-b" })
                {
                    if (random.Next(3) > 0)
                    {
                        state[pair]["currentRoundTripTime"] = Math.Round(0.01 + random.NextDouble() * 0.3, 3);
                    }
                }

                if (usesTransport[c] && random.Next(200) == 0)
                {
                    state["T01"]["selectedCandidatePairId"] = (string)state["T01"]["selectedCandidatePairId"] == "CP-a" ? "CP-b" : "CP-a";
                }

                if (random.Next(300) == 0)
                {
                    state.Remove(video);
                    ssrc[c]++;
                    state[$"IV{ssrc[c]}"] = InboundVideo();
                }

                Line("getstats", connection, Delta(previous[c], state, at), at, withSequence: random.Next(10) > 0);
                previous[c] = state.ToDictionary(r => r.Key, r => new Dictionary<string, object>(r.Value));

                // The expected figures, from the full state.
                firstAt ??= at;
                lastAt = at;
                var selected = usesTransport[c] ? (string)state["T01"]["selectedCandidatePairId"] : "CP-b";
                rtt.Add((double)state[selected]["currentRoundTripTime"] * 1000);
                jitterSum += (double)state["IA"]["jitter"] * 1000;
                jitterCount++;
                foreach (var id in new[] { "IA", $"IV{ssrc[c]}" })
                {
                    var key = $"{connection}/{id}";
                    var bytes = (double)state[id]["bytesReceived"];
                    inbound[key] = (inbound.TryGetValue(key, out var seen) ? seen.First : bytes, bytes, (double)state[id]["packetsLost"], (double)state[id]["packetsReceived"]);
                }

                var sent = (double)state["OA"]["bytesSent"];
                outbound[connection] = (outbound.TryGetValue(connection, out var before) ? before.First : sent, sent);

                switch (random.Next(400))
                {
                    case 0 when !iceDisconnected[c]:
                        Line("oniceconnectionstatechange", connection, "disconnected", at);
                        iceDisconnected[c] = true;
                        break;
                    case 1 when iceDisconnected[c]:
                        Line("oniceconnectionstatechange", connection, "connected", at);
                        iceDisconnected[c] = false;
                        reconnects++;
                        break;
                    case 2:
                        writer.WriteLine(random.Next(2) == 0 ? "[\"getstats\", \"PC_0\", {\"truncated\": " : "garbage line ☃");
                        malformed++;
                        break;
                    case 3:
                        Line("logs", null, new JsonArray("some log line"), at);
                        break;
                    case 4:
                        Line("dominantSpeaker", null, new JsonObject { ["dominantSpeakerEndpoint"] = "231ffc" }, at);
                        break;
                }
            }
        }

        if (connections > 1)
        {
            Line("oniceconnectionstatechange", "PC_1", "failed", at);
            failed = true;
        }

        var lost = inbound.Values.Sum(v => v.Lost);
        var received = inbound.Values.Sum(v => v.Received);
        var duration = (lastAt!.Value - firstAt!.Value) / 1000;
        return new ExpectedQuality(
            rtt.Average(),
            rtt.Order().ElementAt((int)Math.Ceiling(0.95 * rtt.Count) - 1),
            jitterSum / jitterCount,
            100 * lost / (lost + received),
            inbound.Values.Sum(v => v.Last - v.First) * 8 / 1000 / duration,
            outbound.Values.Sum(v => v.Last - v.First) * 8 / 1000 / duration,
            duration, reconnects, failed, malformed, entries);
    }

    private static Dictionary<string, object> InboundVideo() =>
        new() { ["type"] = "inbound-rtp", ["kind"] = "video", ["jitter"] = 0.02, ["packetsLost"] = 0d, ["packetsReceived"] = 0d, ["bytesReceived"] = 0d, ["timestamp"] = 0d };

    private static void Grow(Dictionary<string, object> report, string field, int by) => report[field] = (double)report[field] + by;

    /// <summary>rtcstats' compression: new reports whole, known reports only their changed fields; removed ones absent.</summary>
    private static JsonObject Delta(Dictionary<string, Dictionary<string, object>> before, Dictionary<string, Dictionary<string, object>> now, double at)
    {
        var delta = new JsonObject { ["timestamp"] = at };
        foreach (var (id, report) in now)
        {
            var changed = new JsonObject();
            foreach (var (field, value) in report)
            {
                if (field == "timestamp")
                {
                    continue;
                }

                if (!before.TryGetValue(id, out var old) || !old.TryGetValue(field, out var oldValue) || !Equals(oldValue, value))
                {
                    changed[field] = JsonValue.Create(value);
                }
            }

            if (!before.ContainsKey(id))
            {
                changed["timestamp"] = 0;
            }

            delta[id] = changed;
        }

        return delta;
    }

    public static string Describe(ExpectedQuality expected) => string.Create(CultureInfo.InvariantCulture, $"{expected}");
}
