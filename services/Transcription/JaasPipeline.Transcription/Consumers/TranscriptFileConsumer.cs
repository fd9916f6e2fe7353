using JaasPipeline.Contracts;
using JaasPipeline.Messaging;
using MassTransit;

namespace JaasPipeline.Transcription.Consumers;

/// <summary>Links the transcription file JaaS uploaded at the end of a meeting, once stored, to the meeting's transcript.</summary>
public sealed class TranscriptFileConsumer(InboxTransaction inbox, TranscriptStore store) : IConsumer<ArtifactStored>
{
    public Task Consume(ConsumeContext<ArtifactStored> context)
    {
        var artifact = context.Message;
        if (artifact.Kind != ArtifactKinds.Transcription)
        {
            return Task.CompletedTask;
        }

        return store.AppendFileAsync(inbox, new TranscriptFile
        {
            ArtifactId = artifact.ArtifactId.ToString(),
            SessionId = artifact.SessionId,
            Fqn = artifact.Fqn,
            StoragePath = artifact.StoragePath,
            Sha256 = artifact.Sha256,
            Bytes = artifact.Bytes,
            FileName = artifact.FileName,
            ContentType = artifact.ContentType,
            EventTimestamp = artifact.EventTimestamp,
            // ArtifactStored is published once the file is stored: its sent time is when it was stored.
            StoredAt = context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : DateTimeOffset.UtcNow,
        });
    }
}
