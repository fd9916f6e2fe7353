namespace JaasPipeline.Analytics.Quality;

/// <summary>Reads through the compressed file and keeps its last 8 bytes: the gzip trailer (CRC-32 and size) to check the decompressed bytes against.</summary>
internal sealed class TrailerKeepingStream(Stream inner) : Stream
{
    private readonly byte[] last = new byte[8];
    private int kept;

    /// <summary>The last 8 bytes read (fewer if the file was shorter).</summary>
    public ReadOnlySpan<byte> Trailer => last.AsSpan(0, kept);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Keep(ReadOnlySpan<byte> read)
    {
        if (read.Length >= last.Length)
        {
            read[^last.Length..].CopyTo(last);
            kept = last.Length;
        }
        else if (read.Length > 0)
        {
            var keepOld = Math.Min(kept, last.Length - read.Length);
            last.AsSpan(kept - keepOld, keepOld).CopyTo(last);
            read.CopyTo(last.AsSpan(keepOld));
            kept = keepOld + read.Length;
        }

        return read.Length;
    }
}
