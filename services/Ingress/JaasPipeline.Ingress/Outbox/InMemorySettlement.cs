using JaasPipeline.Messaging;
using Microsoft.Extensions.Logging;

namespace JaasPipeline.Ingress.Outbox;

/// <summary>
/// The in-memory bus forgets what it holds when the process dies, so a published row is safe only once every consumer
/// has finished it (<see cref="InMemoryDeliveryTracker"/>). The tracker's settled watermark is saved as a relay
/// checkpoint; at start everything after it is published again (the consumers' inboxes drop what they had), and the
/// relay waits while <c>Messaging:InMemoryMaxUnsettled</c> messages are in memory.
/// </summary>
public sealed partial class InMemorySettlement(OutboxStore store, InMemoryDeliveryTracker tracker, ILogger<InMemorySettlement> logger) : IPublishSettlement
{
    private const string SettledCheckpoint = "in-memory-settled";

    // -1 until the tracker has resumed from the stored watermark: a fresh tracker's 0 must never overwrite what the last run reached.
    private long savedWatermark = -1;

    // Its queues live in this process: a stopped bus would take the messages in them along.
    public bool MayRestartBus => false;

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        var watermark = await store.ReadCheckpointAsync(SettledCheckpoint, cancellationToken);
        tracker.Resume(watermark);
        savedWatermark = watermark;
        var again = await store.UnpublishAfterAsync(watermark, cancellationToken);
        if (again > 0)
        {
            LogRepublishing(again, watermark);
        }
    }

    public ValueTask WaitForRoomAsync(int rows, CancellationToken cancellationToken) => new(tracker.WaitForRoomAsync(rows, cancellationToken));

    public async ValueTask RoundFinishedAsync(CancellationToken cancellationToken)
    {
        // Saved only when it grew.
        if (savedWatermark >= 0 && tracker.SettledWatermark is var watermark && watermark > savedWatermark)
        {
            await store.SaveCheckpointAsync(SettledCheckpoint, watermark, cancellationToken);
            savedWatermark = watermark;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-memory bus: publishing {Count} rows after outbox id {Watermark} again, since the last run may not have finished them")]
    private partial void LogRepublishing(int count, long watermark);
}
