using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace JaasPipeline.MediaArtifacts.Download;

/// <summary>
/// Streams one link into a partial file: never the whole body in memory, SHA-256 and size computed while streaming,
/// resumed with Range + If-Range from what an earlier try left (206 appends, 200 restarts, 416 restarts), redirects
/// followed by hand so each target passes the link rules again, transient failures retried by Polly with exponential
/// back-off and jitter until the attempt's retries are spent or the link expires. The whole download, retries included,
/// ends at MediaArtifacts:MaxDownloadTime or at the link's expiry, whichever comes first, however its bytes flow.
/// </summary>
public sealed class ArtifactDownloader(
    IHttpClientFactory httpClients, MediaLinkPolicy policy, IOptions<MediaArtifactsOptions> options, MediaArtifactsMetrics metrics, TimeProvider clock)
{
    public const string HttpClientName = "media-artifacts";
    private const int BufferSize = 128 * 1024;

    /// <summary>Downloads <paramref name="row"/>'s link into <paramref name="partialFile"/>.</summary>
    /// <param name="saveValidator">Persists the ETag/Last-Modified the partial file belongs to (for If-Range after a restart).</param>
    /// <param name="progress">Called now and then while bytes flow (the worker renews its lease).</param>
    public async Task<DownloadOutcome> DownloadAsync(
        ArtifactRow row, string partialFile, Func<string?, Task> saveValidator, Func<Task> progress, CancellationToken cancellationToken)
    {
        if (policy.RefusalOf(row.Url, out var uri) is { } refusal)
        {
            return new DownloadOutcome.Refused(refusal);
        }

        var state = new AttemptState(uri!, row.Validator);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt);
        var budget = options.Value.MaxDownloadTime;
        // A link already past its expiry is still tried once (JaaS's storage decides); a live one ends when it expires.
        var untilExpiry = expiresAt - clock.GetUtcNow();
        var endsAtExpiry = untilExpiry > TimeSpan.Zero && untilExpiry < budget;
        // A timer, not a check between reads: a body that trickles (or stalls just under ReadTimeout) is ended on time too.
        using var deadline = new CancellationTokenSource(endsAtExpiry ? untilExpiry : budget, clock);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.Value.RetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Value.RetryBaseDelay,
                // Retries stop at the link's expiry: past it, JaaS's storage refuses anyway.
                ShouldHandle = args => ValueTask.FromResult(
                    options.Value.RetryAttempts > 0 && IsTransient(args.Outcome.Exception) && clock.GetUtcNow() < expiresAt),
            })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(
                async token => await AttemptAsync(row, state, partialFile, saveValidator, progress, token), attempt.Token);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the cancelled read surfaced as (a cancellation, an IOException): the deadline is why it ended.
            return endsAtExpiry
                ? new DownloadOutcome.Expired($"the link expired during the download ({state.Received} bytes received)")
                : new DownloadOutcome.Failed($"the download took longer than MediaArtifacts:MaxDownloadTime ({budget:c}; {state.Received} bytes received)");
        }
        catch (MediaLinkRefusedException refused)
        {
            return new DownloadOutcome.Refused(refused.Message);
        }
        catch (Exception e) when (FindRefusal(e) is { } refused)
        {
            return new DownloadOutcome.Refused(refused.Message);
        }
        catch (LinkGoneException gone)
        {
            return new DownloadOutcome.Gone(gone.StatusCode);
        }
        catch (DownloadFailedException failed)
        {
            return new DownloadOutcome.Failed(failed.Message);
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            return new DownloadOutcome.Transient(e.Message);
        }
    }

    private async Task<DownloadOutcome> AttemptAsync(
        ArtifactRow row, AttemptState state, string partialFile, Func<string?, Task> saveValidator, Func<Task> progress, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBytes;
        var existing = File.Exists(partialFile) ? new FileInfo(partialFile).Length : 0;
        var resume = existing > 0 && state.Validator is not null;
        using var response = await SendFollowingRedirectsAsync(state, resume ? existing : 0, cancellationToken);
        var status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                existing = 0;
                break;
            case HttpStatusCode.PartialContent when resume && response.Content.Headers.ContentRange is { From: { } from } && from == existing:
                break;
            case HttpStatusCode.PartialContent:
                // A range we did not ask for: start over from nothing.
                Restart(partialFile, state);
                throw new IOException("the server answered a range that does not continue the partial file");
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                Restart(partialFile, state);
                throw new IOException("416: the partial file does not fit the current file; starting over");
            case HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone:
                throw new LinkGoneException(status);
            case HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests:
                throw new HttpRequestException($"HTTP {status}", null, response.StatusCode);
            default:
                if (status >= 500)
                {
                    throw new HttpRequestException($"HTTP {status}", null, response.StatusCode);
                }

                throw new DownloadFailedException($"HTTP {status} from the storage host");
        }

        var total = response.StatusCode == HttpStatusCode.PartialContent
            ? response.Content.Headers.ContentRange!.Length
            : response.Content.Headers.ContentLength;
        if (total > max)
        {
            throw new MediaLinkRefusedException($"the file has {total} bytes, more than MediaArtifacts:MaxBytes ({max})");
        }

        if (existing == 0)
        {
            state.Validator = ValidatorOf(response);
            await saveValidator(state.Validator);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(partialFile, existing == 0 ? FileMode.Create : FileMode.Open, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            if (existing > 0)
            {
                // The hash covers the whole file: read back what an earlier try wrote.
                while (await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken) is var read and > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var written = existing;
            var lastProgress = clock.GetTimestamp();
            while (true)
            {
                var read = await ReadWithTimeoutAsync(body, buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                written += read;
                state.Received = written;
                if (written > max)
                {
                    throw new MediaLinkRefusedException($"the body passed MediaArtifacts:MaxBytes ({max})");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                hash.AppendData(buffer, 0, read);
                metrics.BytesDownloaded.Add(read);
                if (clock.GetElapsedTime(lastProgress) > TimeSpan.FromSeconds(10))
                {
                    await file.FlushAsync(cancellationToken);
                    await progress();
                    lastProgress = clock.GetTimestamp();
                }
            }

            await file.FlushAsync(cancellationToken);
            if (total is { } expected && written != expected)
            {
                // The connection ended early without an error: resume from here.
                throw new IOException($"the body ended after {written} of {expected} bytes");
            }

            if (row.ExpectedBytes is { } fileSize && written != fileSize)
            {
                File.Delete(partialFile);
                throw new DownloadFailedException($"the file has {written} bytes, the event's fileSize says {fileSize}");
            }

            return new DownloadOutcome.Complete(written, Convert.ToHexStringLower(hash.GetHashAndReset()), response.Content.Headers.ContentType?.ToString());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(AttemptState state, long from, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var target = state.Uri;
        for (var redirects = 0; ; redirects++)
        {
            if (policy.RefusalOf(target) is { } refusal)
            {
                throw new MediaLinkRefusedException(redirects == 0 ? refusal : $"redirect refused: {refusal}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (from > 0)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
                request.Headers.IfRange = state.Validator!.StartsWith('"') || state.Validator.StartsWith("W/", StringComparison.Ordinal)
                    ? new RangeConditionHeaderValue(EntityTagHeaderValue.Parse(state.Validator))
                    : new RangeConditionHeaderValue(DateTimeOffset.Parse(state.Validator, CultureInfo.InvariantCulture));
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (redirects >= options.Value.MaxRedirects)
                {
                    throw new MediaLinkRefusedException($"more than MediaArtifacts:MaxRedirects ({options.Value.MaxRedirects}) redirects");
                }

                target = new Uri(target, location);
                continue;
            }

            return response;
        }
    }

    private async Task<int> ReadWithTimeoutAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        readTimeout.CancelAfter(options.Value.ReadTimeout);
        try
        {
            return await body.ReadAsync(buffer.AsMemory(0, BufferSize), readTimeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no bytes for {options.Value.ReadTimeout} (MediaArtifacts:ReadTimeout)");
        }
    }

    // If-Range needs a strong validator: a weak ETag cannot prove the bytes are the same, so fall back to Last-Modified.
    private static string? ValidatorOf(HttpResponseMessage response) =>
        response.Headers.ETag is { IsWeak: false } etag ? etag.ToString()
        : response.Content.Headers.LastModified is { } modified ? modified.ToString("R", CultureInfo.InvariantCulture)
        : null;

    private static void Restart(string partialFile, AttemptState state)
    {
        File.Delete(partialFile);
        state.Validator = null;
    }

    private static bool IsTransient(Exception? e) => e switch
    {
        null => false,
        MediaLinkRefusedException or LinkGoneException or DownloadFailedException => false,
        _ when FindRefusal(e) is not null => false,
        HttpRequestException or IOException or TimeoutException => true,
        // HttpClient reports its own connect timeout as a cancellation with an inner TimeoutException.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static MediaLinkRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is MediaLinkRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private sealed class AttemptState(Uri uri, string? validator)
    {
        public Uri Uri { get; } = uri;
        public string? Validator { get; set; } = validator;

        /// <summary>Bytes of the file on disk so far, for the reason when the download is ended.</summary>
        public long Received { get; set; }
    }

    private sealed class LinkGoneException(int statusCode) : Exception($"HTTP {statusCode}")
    {
        public int StatusCode { get; } = statusCode;
    }

    private sealed class DownloadFailedException(string reason) : Exception(reason);
}
