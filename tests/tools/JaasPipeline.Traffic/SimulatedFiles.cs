using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace JaasPipeline.Traffic;

/// <summary>
/// The files a simulated meeting links to (recording, chat, documents, statistics files): their content is a pure
/// function of the link's path, so the simulator's file server can serve a file and the plan can know its SHA-256
/// without keeping anything.
/// </summary>
public static class SimulatedFiles
{
    /// <summary>The path of a plain file of <paramref name="size"/> bytes.</summary>
    public static string FilePath(string name, int size) => $"/files/{size}/{name}";

    /// <summary>The path of a gzipped statistics file (two getstats entries, as rtcstats writes them).</summary>
    public static string StatisticsPath(string name) => $"/stats/{name}.gz";

    /// <summary>Bytes of the plain file <paramref name="name"/>: pseudo-random, seeded by the name.</summary>
    public static byte[] Content(string name, int size)
    {
        var bytes = new byte[size];
        new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(name)))).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A small statistics file, gzipped: one selected candidate pair whose round trip changes between two getstats entries.</summary>
    public static byte[] StatisticsFile()
    {
        const string lines = """
            ["getstats", "PC_0", {"timestamp": 1000, "CP": {"type": "candidate-pair", "state": "succeeded", "nominated": true, "currentRoundTripTime": 0.040, "timestamp": 0}, "T": {"type": "transport", "selectedCandidatePairId": "CP", "timestamp": 0}}, 1000, 1]
            ["getstats", "PC_0", {"timestamp": 3000, "CP": {"currentRoundTripTime": 0.060}, "T": {}}, 3000, 2]
            """;
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(lines));
        }

        return buffer.ToArray();
    }
}

/// <summary>A file the media-artifacts service should have stored for a meeting: its kind, and size and SHA-256 when known.</summary>
public sealed record ExpectedFile(string Kind, long? Bytes, string? Sha256);
