using System.Buffers.Binary;
using System.IO.Hashing;

namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// Splits a decompressed statistics file into lines without building strings: one buffer, grown up to the longest line
/// allowed and no further. A longer line is skipped to its end and counted; reading stops at the decompressed-bytes
/// cap. The bytes read are counted and checksummed, so the end of the file can be checked against the gzip trailer.
/// </summary>
internal sealed class StatisticsLineReader(Stream decompressed, int maxLineBytes, long maxDecompressedBytes)
{
    private const int InitialBuffer = 64 * 1024;

    private readonly Crc32 crc = new();
    private byte[] buffer = new byte[Math.Min(InitialBuffer, maxLineBytes + 1)];
    private int start;
    private int end;
    private bool skippingLongLine;

    /// <summary>Decompressed bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Lines longer than the cap, skipped.</summary>
    public int OversizedLines { get; private set; }

    /// <summary>Whether reading stopped at the decompressed-bytes cap with more of the file left.</summary>
    public bool StoppedAtByteCap { get; private set; }

    /// <summary>Whether the whole stream was read (not stopped at a cap).</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>CRC-32 of the bytes read, as a gzip trailer holds it.</summary>
    public uint Crc32 => crc.GetCurrentHashAsUInt32();

    /// <summary>The next line without its newline (valid until the next call), or null at the end or at the byte cap.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = buffer.AsMemory(start, newline);
                start += newline + 1;
                if (skippingLongLine)
                {
                    skippingLongLine = false;
                    continue;
                }

                return line;
            }

            MakeRoom();
            if (BytesRead >= maxDecompressedBytes)
            {
                StoppedAtByteCap = await AnyMoreAsync(cancellationToken);
                ReachedEnd = !StoppedAtByteCap;
                return StoppedAtByteCap ? null : LastLine();
            }

            var room = (int)Math.Min(buffer.Length - end, maxDecompressedBytes - BytesRead);
            var read = await decompressed.ReadAsync(buffer.AsMemory(end, room), cancellationToken);
            if (read == 0)
            {
                ReachedEnd = true;
                return LastLine();
            }

            crc.Append(buffer.AsSpan(end, read));
            BytesRead += read;
            end += read;
        }
    }

    /// <summary>Whether the gzip trailer (the last 8 bytes of the compressed file) names the bytes read: CRC-32 and size mod 2^32.</summary>
    public bool MatchesGzipTrailer(ReadOnlySpan<byte> trailer) =>
        trailer.Length == 8
        && BinaryPrimitives.ReadUInt32LittleEndian(trailer) == Crc32
        && BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)BytesRead;

    // No newline in [start, end): drop a line being skipped, give up on one past the cap, else compact and grow.
    private void MakeRoom()
    {
        if (skippingLongLine)
        {
            start = end = 0;
            return;
        }

        if (end - start > maxLineBytes)
        {
            OversizedLines++;
            skippingLongLine = true;
            start = end = 0;
            return;
        }

        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            // Room for the longest allowed line and its newline, never more.
            Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxLineBytes + 1L));
        }
    }

    private ReadOnlyMemory<byte>? LastLine()
    {
        if (skippingLongLine || start == end)
        {
            return null;
        }

        if (end - start > maxLineBytes)
        {
            OversizedLines++;
            start = end;
            return null;
        }

        var line = buffer.AsMemory(start, end - start);
        start = end;
        return line;
    }

    private async ValueTask<bool> AnyMoreAsync(CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        return await decompressed.ReadAsync(probe, cancellationToken) > 0;
    }
}
