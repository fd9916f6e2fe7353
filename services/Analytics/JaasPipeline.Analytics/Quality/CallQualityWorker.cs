using System.Diagnostics;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JaasPipeline.Analytics.Quality;

/// <summary>
/// Summarizes the statistics files the consumer noted as pending, outside any message's transaction: a multi-megabyte
/// file takes far longer than one turn of the inbox's commit group (ServiceQueueSettings), and must not hold it up.
/// Driven from the database, so a restart resumes where it stopped.
/// </summary>
public sealed partial class CallQualityWorker(
    CallQualityStore store, IArtifactStore artifacts, [FromKeyedServices(AnalyticsExtensions.ServiceName)] Doorbell doorbell, AnalyticsMetrics metrics,
    IOptions<AnalyticsOptions> options, ILogger<CallQualityWorker> logger)
    : BackgroundService
{
    private const int BatchSize = 16;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        TableWorkLoop.RunAsync(PassAsync, doorbell, () => options.Value.QualityPollInterval, LogPassFailed, stoppingToken);

    private async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        var pending = await store.PendingAsync(BatchSize, cancellationToken);
        foreach (var file in pending)
        {
            await SummarizeAsync(file, cancellationToken);
        }

        return pending.Count == BatchSize;
    }

    /// <summary>
    /// Reads one file and stores its summary; a file that cannot be read is tried again up to the attempt limit. The
    /// attempt is counted before reading, so a file whose reading ended the process is given up after the limit too.
    /// </summary>
    public async Task SummarizeAsync(PendingStatisticsFile file, CancellationToken cancellationToken)
    {
        var maxAttempts = options.Value.QualityMaxAttempts;
        if (file.Attempts >= maxAttempts)
        {
            // Each earlier attempt was counted as it began and none recorded an outcome: each ended with the process.
            await store.SaveFailureAsync(
                file.IdempotencyKey, "failed",
                $"Given up: {file.Attempts} attempts began and none finished (the process stopped while reading the file).", cancellationToken);
            metrics.StatisticsFiles.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            LogGivenUp(file.StoragePath, file.Attempts);
            return;
        }

        await store.BeginAttemptAsync(file.IdempotencyKey, cancellationToken);
        var attempt = file.Attempts + 1;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var stream = await artifacts.OpenReadAsync(file.StoragePath, cancellationToken);
            if (stream is null)
            {
                // The media-artifacts service publishes only after the file is stored: gone means deleted since.
                await store.SaveFailureAsync(file.IdempotencyKey, "missing", "The file is not in the artifact store.", cancellationToken);
                metrics.StatisticsFiles.Add(1, new KeyValuePair<string, object?>("outcome", "missing"));
                LogMissing(file.StoragePath);
                return;
            }

            var reading = await CallQualitySummarizer.SummarizeAsync(stream, StatisticsFileLimits.From(options.Value), cancellationToken);
            await store.SaveSummaryAsync(file.IdempotencyKey, reading.Quality, reading.LimitReason, cancellationToken);
            metrics.StatisticsFiles.Add(1, new KeyValuePair<string, object?>("outcome", reading.LimitReason is null ? "done" : "limited"));
            metrics.MalformedLines.Add(reading.Quality.MalformedLines ?? 0);
            if (reading.LimitReason is { } reason)
            {
                LogLimited(file.StoragePath, reason);
            }

            LogSummarized(file.StoragePath, reading.Quality.MalformedLines ?? 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A file that is not gzip, or a read that failed: try again later, up to the limit, then give up on it.
            var final = attempt >= maxAttempts;
            await store.SaveFailureAsync(file.IdempotencyKey, final ? "failed" : "pending", PublicReason(exception), cancellationToken);
            metrics.StatisticsFiles.Add(1, new KeyValuePair<string, object?>("outcome", final ? "failed" : "retry"));
            LogUnreadable(exception, file.StoragePath, attempt, final);
        }
    }

    /// <summary>
    /// The reason the analytics API serves for an unreadable file (issue 23). What the file itself got wrong (not gzip,
    /// damaged) is said; any other failure's text may name server paths or hosts, so it is named by its type only and
    /// logged in full.
    /// </summary>
    private static string PublicReason(Exception exception) => exception is InvalidDataException
        ? $"The file is not gzip or is damaged: {exception.Message}"
        : $"The file could not be read ({exception.GetType().Name}); the service log has the details.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics file {StoragePath} summarized from part of it: {Reason}")]
    private partial void LogLimited(string storagePath, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Statistics file {StoragePath} given up: {Attempts} attempts began and none finished (the process stopped while reading it)")]
    private partial void LogGivenUp(string storagePath, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics file {StoragePath} summarized ({MalformedLines} malformed lines skipped) in {ElapsedMs:F0} ms")]
    private partial void LogSummarized(string storagePath, int malformedLines, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics file {StoragePath} is not in the artifact store; no call quality for it")]
    private partial void LogMissing(string storagePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statistics file {StoragePath} could not be read (attempt {Attempt}, final: {Final})")]
    private partial void LogUnreadable(Exception exception, string storagePath, int attempt, bool final);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call-quality pass failed; trying again after the poll interval")]
    private partial void LogPassFailed(Exception exception);
}
