namespace JaasPipeline.Benchmark;

/// <summary>What the databases say about the accepted deliveries of a run.</summary>
/// <param name="Matched">Accepted deliveries found in the outbox and in at least one consumer's inbox.</param>
/// <param name="NotInOutbox">Accepted deliveries missing from outbox_deliveries (or no ingress database given).</param>
/// <param name="NotCommittedByType">Accepted deliveries no consumer's inbox holds, by event type.</param>
/// <param name="RowsByConsumer">Inbox rows of this run's deliveries, per consumer database.</param>
/// <param name="AcceptToLastCommit">outbox received_at to the latest inbox received_at over the consumers.</param>
/// <param name="IntendedToLastCommit">The delivery's intended send time to the latest inbox received_at.</param>
/// <param name="LastCommitUnixMs">The latest inbox received_at of any of this run's deliveries.</param>
internal sealed record CommitReport(
    int Matched,
    int NotInOutbox,
    IReadOnlyDictionary<string, int> NotCommittedByType,
    IReadOnlyDictionary<string, int> RowsByConsumer,
    LatencySummary AcceptToLastCommit,
    LatencySummary IntendedToLastCommit,
    double? LastCommitUnixMs)
{
    /// <summary>Accepted deliveries that at least one consumer's inbox holds.</summary>
    public int InSomeInbox => IntendedToLastCommit.Count;

    public bool Complete => NotCommittedByType.Count == 0;
}
