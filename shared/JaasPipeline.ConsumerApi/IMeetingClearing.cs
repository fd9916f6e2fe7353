using JaasPipeline.Messaging;

namespace JaasPipeline.ConsumerApi;

/// <summary>A consumer service's side of reprocessing: clears one meeting's effects and inbox rows (see <see cref="MeetingClearing"/>).</summary>
public interface IMeetingClearing
{
    /// <summary>Clears the meeting in one transaction, or refuses and changes nothing; a dry run answers what it would delete and changes nothing.</summary>
    Task<MeetingCleared> ClearMeetingAsync(string sessionId, IReadOnlyCollection<string> idempotencyKeys, bool dryRun, CancellationToken cancellationToken);
}
