using System.Text.Json;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.Contracts;
using JaasPipeline.Data;
using JaasPipeline.MediaArtifacts.Download;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.MediaArtifacts;

/// <summary>
/// Drives every download from the database: claims due rows (at most <c>MaxConcurrentDownloads</c> at once, each under
/// a lease, no storage host or meeting past its share), downloads, stores, then publishes <see cref="ArtifactStored"/>
/// until the broker confirms (a sweep of rows without <c>published_at</c>). A restart finds its work in the table and
/// resumes partial files with Range. A link that expired before its file was stored is announced the same way, as
/// <see cref="ArtifactLost"/> (analytics names it a gap of the meeting).
/// </summary>
public sealed partial class ArtifactDownloadWorker(
    MediaArtifactsStore store, IArtifactStore files, FileSystemArtifactStore fileSystem, ArtifactDownloader downloader,
    MediaLinkPolicy policy, IBus bus, [FromKeyedServices(MediaArtifactsExtensions.ServiceName)] Doorbell doorbell, MediaArtifactsMetrics metrics, IOptions<MediaArtifactsOptions> options,
    TimeProvider clock, ILogger<ArtifactDownloadWorker> logger) : BackgroundService
{
    private const int SweepBatch = 100;
    private const int MaxListBytes = 16 * 1024 * 1024;
    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly List<Task> running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(task => task.IsCompleted);
                var free = settings.MaxConcurrentDownloads - running.Count;
                if (free > 0)
                {
                    var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                    var claimed = await store.ClaimAsync(
                        owner, now, now + (long)settings.ClaimLease.TotalMilliseconds, free, DownloadShares.Of(settings), stoppingToken);
                    running.AddRange(claimed.Select(row => Task.Run(() => RunAsync(row, stoppingToken), CancellationToken.None)));
                }

                await PublishFinishedAsync(stoppingToken);
                await RemoveDeletedCopiesAsync(stoppingToken);
                metrics.SetOldestPendingExpiry(await store.OldestPendingExpiryAsync(stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }

            try
            {
                await doorbell.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Hand unfinished downloads back at once rather than after the lease: the next host resumes their partial files.
        await store.ReleaseAsync(owner, CancellationToken.None);
    }

    private async Task RunAsync(ArtifactRow row, CancellationToken stoppingToken)
    {
        try
        {
            await DownloadAsync(row, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down (a cancelled read may surface as an IOException too): the partial file stays and
            // ExecuteAsync releases the row, so the next host resumes it at once rather than after RetryDelay.
        }
        catch (Exception e)
        {
            LogDownloadCrashed(logger, row.ArtifactId, e);
            metrics.RecordDownload("retry");
            await RetryLaterAsync(row, e.Message, CancellationToken.None);
        }
        finally
        {
            doorbell.Ring();
        }
    }

    private async Task DownloadAsync(ArtifactRow row, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // A link is always tried once; its retries stop at its expiry.
        if (row.Attempts > 1 && now >= row.ExpiresAt)
        {
            await FinishAsync(row, ArtifactStatus.Expired, "the link expired before it could be downloaded", cancellationToken);
            return;
        }

        var partial = Path.Combine(fileSystem.DownloadFolderFor(MediaArtifactsExtensions.ServiceName), row.ArtifactId + ".part");
        var outcome = await downloader.DownloadAsync(
            row, partial,
            validator => store.SaveValidatorAsync(row.ArtifactId, validator, cancellationToken),
            () => store.RenewLeaseAsync(row.ArtifactId, owner, clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)options.Value.ClaimLease.TotalMilliseconds, cancellationToken),
            cancellationToken);
        switch (outcome)
        {
            case DownloadOutcome.Complete complete:
                await StoreAsync(row, partial, complete, cancellationToken);
                break;
            case DownloadOutcome.Refused refused:
                DeletePartial(partial);
                await FinishAsync(row, ArtifactStatus.Rejected, refused.Reason, cancellationToken);
                break;
            case DownloadOutcome.Failed failed:
                DeletePartial(partial);
                await FinishAsync(row, ArtifactStatus.Failed, failed.Reason, cancellationToken);
                break;
            case DownloadOutcome.Expired expired:
                DeletePartial(partial);
                await FinishAsync(row, ArtifactStatus.Expired, expired.Reason, cancellationToken);
                break;
            case DownloadOutcome.Gone gone:
                await RetryLaterAsync(row, $"HTTP {gone.StatusCode}", cancellationToken);
                break;
            case DownloadOutcome.Transient transient:
                await RetryLaterAsync(row, transient.Reason, cancellationToken);
                break;
        }
    }

    private async Task StoreAsync(ArtifactRow row, string partial, DownloadOutcome.Complete file, CancellationToken cancellationToken)
    {
        var key = ArtifactKeys.For(row.Fqn, row.SessionId, row.Kind, Guid.Parse(row.ArtifactId), row.FileName, row.Url);
        if (row.Kind == ArtifactKinds.Screenshots && row.ParentId is null)
        {
            // Before the list is marked stored: a crash in between downloads it again, and the inserts are idempotent.
            await RecordScreenshotsAsync(row, partial, cancellationToken);
        }

        await files.PutAsync(key, partial, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (await store.MarkStoredAsync(row.ArtifactId, owner, key, file.Bytes, file.Sha256, file.ContentType, now, cancellationToken))
        {
            metrics.RecordDownload(ArtifactStatus.Stored);
            LogStored(logger, row.ArtifactId, row.Kind, file.Bytes);
            return;
        }

        // DOCUMENT_DELETED arrived while the file was downloading (or the lease was lost to another worker).
        var current = await store.GetAsync(row.ArtifactId, cancellationToken);
        if (current?.Status == ArtifactStatus.Deleted && options.Value.KeepDeletedDocuments
            && await store.KeepDeletedCopyAsync(row.ArtifactId, key, file.Bytes, file.Sha256, file.ContentType, now, cancellationToken))
        {
            return;
        }

        if (current?.Status == ArtifactStatus.Deleted)
        {
            await files.DeleteAsync(key, cancellationToken);
        }
    }

    private async Task RecordScreenshotsAsync(ArtifactRow list, string partial, CancellationToken cancellationToken)
    {
        // The list's format is not documented (V2 is paginated): read it as unknown JSON and take every URL in it.
        if (new FileInfo(partial).Length > MaxListBytes)
        {
            return;
        }

        var links = new List<string>();
        try
        {
            await using var stream = File.OpenRead(partial);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            CollectUrls(document.RootElement, links);
        }
        catch (JsonException e)
        {
            LogListNotJson(logger, list.ArtifactId, e.Message);
            return;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var distinct = links.Distinct(StringComparer.Ordinal).ToList();
        var cap = options.Value.MaxUrlsPerList;
        var rows = distinct.Take(cap).Select((link, i) =>
        {
            var refusal = policy.RefusalOf(link, out var uri);
            return list with
            {
                ArtifactId = Guid.NewGuid().ToString(), LinkIndex = i + 1, ParentId = list.ArtifactId, Url = link,
                StorageHost = MediaLinkPolicy.StorageHostOf(uri), FileName = null,
                Status = refusal is null ? ArtifactStatus.Pending : ArtifactStatus.Rejected, Reason = refusal, NextAttemptAt = now, CreatedAt = now,
            };
        }).ToList();
        if (distinct.Count > cap)
        {
            // One row says what was left out, rather than one per link: a list of 300,000 links stays a few hundred rows.
            var rest = distinct.Count - cap;
            rows.Add(list with
            {
                ArtifactId = Guid.NewGuid().ToString(), LinkIndex = cap + 1, ParentId = list.ArtifactId, Url = null, StorageHost = "", FileName = null,
                Status = ArtifactStatus.Rejected, NextAttemptAt = now, CreatedAt = now,
                Reason = $"{rest} more screenshot links in the list were not taken: over MediaArtifacts:MaxUrlsPerList ({cap})",
            });
            LogListCapped(logger, list.ArtifactId, distinct.Count, cap);
        }

        if (rows.Count > 0)
        {
            await store.InsertAsync(rows, cancellationToken);
        }
    }

    private static void CollectUrls(JsonElement element, List<string> links)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CollectUrls(property.Value, links);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectUrls(item, links);
                }

                break;
            case JsonValueKind.String when element.GetString() is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https":
                links.Add(text);
                break;
        }
    }

    private async Task RetryLaterAsync(ArtifactRow row, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var next = now + (long)options.Value.RetryDelay.TotalMilliseconds;
        if (next >= row.ExpiresAt)
        {
            // A 403/404 after expiry is final; so is any failure whose next try would come after it.
            await FinishAsync(row, ArtifactStatus.Expired, $"{reason}; the link expires before another try", cancellationToken);
            return;
        }

        metrics.RecordDownload("retry");
        await store.RescheduleAsync(row.ArtifactId, owner, next, reason, cancellationToken);
    }

    private async Task FinishAsync(ArtifactRow row, string status, string reason, CancellationToken cancellationToken)
    {
        metrics.RecordDownload(status);
        LogFinished(logger, row.ArtifactId, row.Kind, status, reason);
        await store.FinishAsync(row.ArtifactId, owner, status, reason, cancellationToken);
    }

    private async Task PublishFinishedAsync(CancellationToken cancellationToken)
    {
        if (await PublishAsync(await store.UnpublishedAsync(SweepBatch, cancellationToken), ToMessage, cancellationToken))
        {
            await PublishAsync(await store.UnpublishedLostAsync(SweepBatch, cancellationToken), ToLostMessage, cancellationToken);
        }
    }

    /// <summary>Publishes each row's message and marks it published; false (the rest left to the next sweep) when the broker did not take one.</summary>
    private async Task<bool> PublishAsync<TMessage>(IReadOnlyList<ArtifactRow> rows, Func<ArtifactRow, TMessage> toMessage, CancellationToken cancellationToken)
        where TMessage : class
    {
        foreach (var row in rows)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // With the broker down MassTransit's publish waits: bound it, the next sweep tries again.
            timeout.CancelAfter(options.Value.PublishTimeout);
            try
            {
                await bus.Publish(toMessage(row), context =>
                {
                    // Deterministic: a republish after a crash before published_at was written is dropped by the inboxes.
                    context.MessageId = Guid.Parse(row.ArtifactId);
                }, timeout.Token);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPublishFailed(logger, typeof(TMessage).Name, row.ArtifactId, e);
                return false;
            }

            await store.MarkPublishedAsync(row.ArtifactId, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        }

        return true;
    }

    private async Task RemoveDeletedCopiesAsync(CancellationToken cancellationToken)
    {
        if (options.Value.KeepDeletedDocuments)
        {
            return;
        }

        foreach (var row in await store.DeletedWithFilesAsync(SweepBatch, cancellationToken))
        {
            await files.DeleteAsync(row.StorageKey!, cancellationToken);
            await store.ForgetStoredCopyAsync(row.ArtifactId, cancellationToken);
        }
    }

    public static ArtifactStored ToMessage(ArtifactRow row) => new()
    {
        ArtifactId = Guid.Parse(row.ArtifactId),
        Kind = row.Kind,
        EventType = row.EventType,
        IdempotencyKey = row.IdempotencyKey,
        SessionId = row.SessionId,
        Fqn = row.Fqn,
        EventTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(row.EventTimestamp),
        StoragePath = row.StorageKey ?? "",
        Sha256 = row.Sha256 ?? "",
        Bytes = row.Bytes ?? 0,
        FileName = row.FileName,
        ContentType = row.ContentType,
        ParticipantId = row.ParticipantId,
        ParticipantName = row.ParticipantName,
        EndpointId = row.EndpointId,
    };

    public static ArtifactLost ToLostMessage(ArtifactRow row) => new()
    {
        ArtifactId = Guid.Parse(row.ArtifactId),
        Kind = row.Kind,
        EventType = row.EventType,
        IdempotencyKey = row.IdempotencyKey,
        SessionId = row.SessionId,
        Fqn = row.Fqn,
        EventTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(row.EventTimestamp),
        LinkExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt),
        Reason = row.Reason ?? "",
    };

    private static void DeletePartial(string partial)
    {
        if (File.Exists(partial))
        {
            File.Delete(partial);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media-artifacts worker round failed; trying again after the poll interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Download of artifact {ArtifactId} failed unexpectedly; it will be retried")]
    private static partial void LogDownloadCrashed(ILogger logger, string artifactId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored artifact {ArtifactId} ({Kind}, {Bytes} bytes)")]
    private static partial void LogStored(ILogger logger, string artifactId, string kind, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Artifact {ArtifactId} ({Kind}) ended {Status}: {Reason}")]
    private static partial void LogFinished(ILogger logger, string artifactId, string kind, string status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The screen-sharing list {ArtifactId} is not JSON ({Error}); it is stored, no screenshot taken from it")]
    private static partial void LogListNotJson(ILogger logger, string artifactId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The screen-sharing list {ArtifactId} names {Links} links: the first {Cap} are taken (MediaArtifacts:MaxUrlsPerList)")]
    private static partial void LogListCapped(ILogger logger, string artifactId, int links, int cap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Message} for {ArtifactId} failed; the next sweep tries again")]
    private static partial void LogPublishFailed(ILogger logger, string message, string artifactId, Exception exception);
}
