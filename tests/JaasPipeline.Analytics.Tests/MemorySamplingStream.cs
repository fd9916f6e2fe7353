using System.IO.Compression;

namespace JaasPipeline.Analytics.Tests;

/// <summary>Reads through another stream and records the live heap (after a full collection) as reading passes each checkpoint.</summary>
internal sealed class MemorySamplingStream(Stream inner, double[] checkpoints) : Stream
{
    private int next;

    public List<long> Samples { get; } = [];

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Sample();
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Sample();
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>The decompressed size of the gzip file (read apart, for the assertion message).</summary>
    public long DecompressedBytesHint(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
        }

        return total;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Sample()
    {
        while (next < checkpoints.Length && inner.Position >= checkpoints[next] * inner.Length)
        {
            Samples.Add(GC.GetTotalMemory(forceFullCollection: true));
            next++;
        }
    }
}
