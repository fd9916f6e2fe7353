using JaasPipeline.Contracts;
using JaasPipeline.MediaArtifacts.Download;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.MediaArtifacts.Consumers;

/// <summary>
/// Records each link an event carries as an artifact row and returns: downloads run in the worker. A link the rules
/// refuse is recorded <c>rejected</c> with its reason, and never fetched.
/// </summary>
public sealed class MediaLinkConsumer(InboxTransaction inbox, MediaArtifactsStore store, MediaLinkPolicy policy, TimeProvider clock) :
    IConsumer<RecordingUploaded>, IConsumer<TranscriptionUploaded>, IConsumer<ChatUploaded>, IConsumer<VideoSegmentUploaded>,
    IConsumer<ScreenSharingHistoryUploaded>, IConsumer<RtcStatsUploaded>, IConsumer<DocumentAdded>, IConsumer<DocumentDeleted>
{
    // docs/jaas-reference.md, Download links: links live 24 hours, statistics files 48.
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan StatsLinkLifetime = TimeSpan.FromHours(48);

    public Task Consume(ConsumeContext<RecordingUploaded> context) =>
        RecordAsync(context.Message, ArtifactKinds.Recording, context.Message.PreAuthenticatedLink);

    public Task Consume(ConsumeContext<TranscriptionUploaded> context) =>
        RecordAsync(context.Message, ArtifactKinds.Transcription, context.Message.PreAuthenticatedLink);

    public Task Consume(ConsumeContext<ChatUploaded> context) =>
        RecordAsync(context.Message, ArtifactKinds.Chat, context.Message.PreAuthenticatedLink);

    public Task Consume(ConsumeContext<VideoSegmentUploaded> context) =>
        RecordAsync(context.Message, ArtifactKinds.VideoSegment, context.Message.PreAuthenticatedLink, context.Message.LinkExpiration);

    // V2 is the paginated form of the same list: take it when JaaS sends it.
    public Task Consume(ConsumeContext<ScreenSharingHistoryUploaded> context) =>
        RecordAsync(context.Message, ArtifactKinds.Screenshots, context.Message.PreAuthenticatedLinkV2 ?? context.Message.PreAuthenticatedLink,
            context.Message.LinkExpiration);

    public Task Consume(ConsumeContext<RtcStatsUploaded> context) =>
        RecordAsync(context.Message, ArtifactKinds.RtcStats, context.Message.StatsUrl, lifetime: StatsLinkLifetime, customize: row => row with
        {
            ParticipantId = context.Message.ParticipantId, ParticipantName = context.Message.ParticipantName, EndpointId = context.Message.EndpointId,
        });

    public async Task Consume(ConsumeContext<DocumentAdded> context)
    {
        var document = context.Message;
        var fileKey = FileKey(document.FileId, document.FileName);
        var deletedFirst = fileKey is not null && await store.IsDeletionRecordedAsync(inbox, document.SessionId, fileKey);
        await RecordAsync(document, ArtifactKinds.Document, document.PreAuthenticatedLink, document.LinkExpiration, customize: row => deletedFirst
            ? row with { FileName = document.FileName, FileKey = fileKey, ExpectedBytes = document.FileSize, Status = ArtifactStatus.Deleted, Reason = "DOCUMENT_DELETED arrived first" }
            : row with { FileName = document.FileName, FileKey = fileKey, ExpectedBytes = document.FileSize });
    }

    public async Task Consume(ConsumeContext<DocumentDeleted> context)
    {
        if (FileKey(context.Message.FileId, context.Message.FileName) is { } fileKey)
        {
            await store.RecordDeletionAsync(inbox, context.Message.SessionId, fileKey, clock.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    private static string? FileKey(string? fileId, string? fileName) =>
        !string.IsNullOrEmpty(fileId) ? fileId : !string.IsNullOrEmpty(fileName) ? "name:" + fileName : null;

    private Task RecordAsync(
        JaasEvent message, string kind, string? link, DateTimeOffset? linkExpiration = null, TimeSpan? lifetime = null,
        Func<ArtifactRow, ArtifactRow>? customize = null)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var refusal = policy.RefusalOf(link, out var uri);
        var row = new ArtifactRow
        {
            ArtifactId = Guid.NewGuid().ToString(),
            IdempotencyKey = message.IdempotencyKey,
            LinkIndex = 0,
            EventType = message.EventType,
            Kind = kind,
            SessionId = message.SessionId,
            Fqn = message.Fqn,
            EventTimestamp = message.Timestamp.ToUnixTimeMilliseconds(),
            Url = link,
            StorageHost = MediaLinkPolicy.StorageHostOf(uri),
            Status = refusal is null ? ArtifactStatus.Pending : ArtifactStatus.Rejected,
            Reason = refusal,
            NextAttemptAt = now,
            ExpiresAt = (linkExpiration ?? message.Timestamp + (lifetime ?? LinkLifetime)).ToUnixTimeMilliseconds(),
            CreatedAt = now,
        };
        return store.InsertAsync(inbox, customize?.Invoke(row) ?? row);
    }
}
