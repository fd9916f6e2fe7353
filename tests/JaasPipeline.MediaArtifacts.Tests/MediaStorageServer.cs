using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.MediaArtifacts.Tests;

/// <summary>
/// A real storage host on 127.0.0.1 (Kestrel): generated files with ETag, Range and If-Range, redirects, 403s, a
/// connection dropped mid-file, a body that stalls until released, a body that trickles, and any status. Bodies are
/// generated on the fly (byte i of a file is a function of i), so a 1 GiB file costs no memory and no disk.
/// </summary>
public sealed class MediaStorageServer : IAsyncDisposable
{
    private const string ETag = "\"v1\"";
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> dropsDone = new();

    private MediaStorageServer(WebApplication app) => this.app = app;

    /// <summary>Every request seen: path and query, and the Range header if any.</summary>
    public ConcurrentQueue<(string PathAndQuery, string? Range, string? IfRange)> Requests { get; } = new();

    /// <summary>Released by tests to let a stalled body continue.</summary>
    public TaskCompletionSource StallGate { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri BaseAddress => new(app.Urls.First());

    public int Port => BaseAddress.Port;

    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    public int RequestCount => Requests.Count;

    public static byte ByteAt(long i) => (byte)((i * 31 + 7) % 251);

    /// <summary>SHA-256 (hex) of the generated file of <paramref name="size"/> bytes.</summary>
    public static string Sha256Of(long size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        for (long offset = 0; offset < size; offset += buffer.Length)
        {
            var n = (int)Math.Min(buffer.Length, size - offset);
            Fill(buffer, offset, n);
            hash.AppendData(buffer, 0, n);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static async Task<MediaStorageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new MediaStorageServer(app);
        app.Use(async (context, next) =>
        {
            server.Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Range.FirstOrDefault(),
                context.Request.Headers.IfRange.FirstOrDefault()));
            await next(context);
        });
        // /files/{name}?size=N: a file with Range/If-Range support.
        app.MapGet("/files/{name}", (HttpContext context, long size) => ServeAsync(context, size, stallAfter: null, dropAfter: null, ETag, server));
        // /drop/{name}?size=N&after=M: the first request for a name breaks the connection after M bytes; with
        // changed=true the file's ETag differs on every request (the file was replaced), so If-Range fails.
        // With sizeLater=K the file has K bytes from the second request on (replaced by a shorter one, same ETag).
        app.MapGet("/drop/{name}", (HttpContext context, string name, long size, long after, bool? changed, long? sizeLater) =>
        {
            var request = server.dropsDone.AddOrUpdate(name, 1, (_, n) => n + 1);
            return ServeAsync(context, request > 1 && sizeLater is { } later ? later : size, null, request == 1 ? after : null,
                changed == true ? $"\"v{request}\"" : ETag, server);
        });
        // /stall/{name}?size=N&after=M: a whole-file request sends M bytes then waits for StallGate; a Range request does not wait.
        app.MapGet("/stall/{name}", (HttpContext context, long size, long after) => ServeAsync(context, size, after, null, ETag, server));
        // /trickle/{name}?size=N: announces N bytes and sends one byte every 200 ms (a slow storage host) until the client
        // goes or the server stops.
        app.MapGet("/trickle/{name}", (HttpContext context, long size) => TrickleAsync(context, size, app.Lifetime.ApplicationStopping));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/list", (string links) => Results.Text(
            "{\"pages\":1,\"items\":[" + string.Join(",", links.Split('|').Select((l, i) => $"{{\"n\":{i},\"url\":\"{l}\"}}")) + "],\"note\":\"not a link\"}",
            "application/json", Encoding.UTF8));
        await app.StartAsync();
        return server;
    }

    public void ResetStall() => StallGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task ServeAsync(HttpContext context, long size, long? stallAfter, long? dropAfter, string etag, MediaStorageServer server)
    {
        var request = context.Request;
        var response = context.Response;
        long from = 0;
        var range = request.Headers.Range.FirstOrDefault();
        var ifRange = request.Headers.IfRange.FirstOrDefault();
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && (ifRange is null || ifRange == etag) && long.TryParse(range[6..^1], out var start))
        {
            if (start >= size)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{size}";
                return;
            }

            from = start;
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {from}-{size - 1}/{size}";
        }

        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "video/mp4";
        response.ContentLength = size - from;
        var buffer = new byte[64 * 1024];
        var sent = 0L;
        for (var offset = from; offset < size;)
        {
            var n = (int)Math.Min(buffer.Length, size - offset);
            if (dropAfter is { } drop && sent + n > drop)
            {
                n = (int)(drop - sent);
            }

            if (stallAfter is { } stall && from == 0 && sent + n > stall)
            {
                n = (int)(stall - sent);
            }

            Fill(buffer, offset, n);
            await response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted);
            offset += n;
            sent += n;
            if (dropAfter is { } dropAt && sent >= dropAt)
            {
                await response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return;
            }

            if (stallAfter is { } stallAt && from == 0 && sent == stallAt)
            {
                await response.Body.FlushAsync(context.RequestAborted);
                await server.StallGate.Task.WaitAsync(context.RequestAborted);
                stallAfter = null;
            }
        }
    }

    private static async Task TrickleAsync(HttpContext context, long size, CancellationToken stopping)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.Response.ContentType = "video/mp4";
        context.Response.ContentLength = size;
        try
        {
            for (var offset = 0L; offset < size; offset++)
            {
                await context.Response.Body.WriteAsync(new[] { ByteAt(offset) }, gone.Token);
                await context.Response.Body.FlushAsync(gone.Token);
                // The storage host's pace, not a test waiting for something.
                await Task.Delay(TimeSpan.FromMilliseconds(200), gone.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went (its download was ended) or the server is stopping: nothing more to send.
            context.Abort();
        }
    }

    // The pattern repeats every 251 bytes: copy from a precomputed run instead of computing each byte.
    private static readonly byte[] Pattern = Enumerable.Range(0, 251 + 64 * 1024).Select(i => ByteAt(i)).ToArray();

    private static void Fill(byte[] buffer, long offset, int count) =>
        Buffer.BlockCopy(Pattern, (int)(offset % 251), buffer, 0, count);

    public async ValueTask DisposeAsync()
    {
        StallGate.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
