using JaasPipeline.ConsumerApi;
using JaasPipeline.Messaging;

namespace JaasPipeline.MediaArtifacts;

/// <summary>
/// Reprocess is refused for media-artifacts, always. Its effects are files fetched from links that live 24 hours (48 for
/// statistics files; docs/jaas-reference.md, Download links): cleared rows could not be downloaded again. Keeping the
/// files and linking new rows to them would not help either: a new row has a new artifact id, and the id is the MessageId of its ArtifactStored, so
/// transcription and analytics would take every file a second time. A stuck download is retried by the worker; a
/// consumer downstream is reprocessed on its own.
/// </summary>
public sealed class MediaArtifactsClearing : IMeetingClearing
{
    public const string Refusal =
        "media-artifacts cannot be reprocessed: JaaS's download links expire after 24 hours (48 for statistics files), and new " +
        "artifact rows would republish ArtifactStored under new ids, so transcription and analytics would take each file twice. " +
        "Nothing was deleted.";

    public Task<MeetingCleared> ClearMeetingAsync(string sessionId, IReadOnlyCollection<string> idempotencyKeys, bool dryRun, CancellationToken cancellationToken) =>
        Task.FromResult(MeetingCleared.Refused(sessionId, Refusal));
}
