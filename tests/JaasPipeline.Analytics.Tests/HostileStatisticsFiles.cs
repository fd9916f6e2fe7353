using System.IO.Compression;
using System.Text;

namespace JaasPipeline.Analytics.Tests;

/// <summary>Statistics files a hostile or broken sender could upload (issue 21, H1), written as gzip like real ones.</summary>
internal static class HostileStatisticsFiles
{
    /// <summary>An ordinary getstats entry of connection PC_0: one selected pair with a 40 ms RTT.</summary>
    public const string PairEntry =
        """["getstats","PC_0",{"T1":{"type":"transport","selectedCandidatePairId":"CP1"},"CP1":{"type":"candidate-pair","currentRoundTripTime":0.04}},1700000000000]""";

    /// <summary>A good entry, one line of <paramref name="lineBytes"/> bytes, then another good entry.</summary>
    public static void WriteLongLine(string path, long lineBytes)
    {
        using var writer = Open(path);
        writer.Write(Encoding.UTF8.GetBytes(PairEntry + "\n"));
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)'a');
        for (var left = lineBytes; left > 0; left -= chunk.Length)
        {
            writer.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }

        writer.Write(Encoding.UTF8.GetBytes("\n" + PairEntry + "\n"));
    }

    /// <summary><paramref name="connections"/> getstats entries, each of a new connection id with one inbound-rtp report.</summary>
    public static void WriteManyConnections(string path, int connections)
    {
        using var gzip = Open(path);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine(PairEntry);
        for (var i = 0; i < connections; i++)
        {
            writer.Write("[\"getstats\",\"PC_");
            writer.Write(i);
            writer.WriteLine("\",{\"IT1\":{\"type\":\"inbound-rtp\",\"kind\":\"audio\",\"bytesReceived\":1000,\"jitter\":0.01}},1700000000001]");
        }
    }

    /// <summary>A gzip bomb: <paramref name="bytes"/> of blank lines (1,000 spaces each) after one good entry; a few MB compressed.</summary>
    public static void WriteBomb(string path, long bytes)
    {
        using var writer = Open(path);
        writer.Write(Encoding.UTF8.GetBytes(PairEntry + "\n"));
        var line = new byte[1001];
        Array.Fill(line, (byte)' ');
        line[^1] = (byte)'\n';
        var chunk = new byte[line.Length * 1024];
        for (var i = 0; i < 1024; i++)
        {
            line.CopyTo(chunk, i * line.Length);
        }

        for (var left = bytes; left > 0; left -= chunk.Length)
        {
            writer.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }

    private static GZipStream Open(string path) => new(File.Create(path), CompressionLevel.Fastest);
}
