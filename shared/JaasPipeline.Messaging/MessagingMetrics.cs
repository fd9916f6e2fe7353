using System.Diagnostics.Metrics;

namespace JaasPipeline.Messaging;

/// <summary>Counters of the shared messaging pieces (meter <c>JaasPipeline.Messaging</c>).</summary>
public static class MessagingMetrics
{
    public const string MeterName = "JaasPipeline.Messaging";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Messages a consumer's inbox had already recorded and therefore skipped.</summary>
    public static readonly Counter<long> InboxDuplicates =
        Meter.CreateCounter<long>("jaas_inbox_duplicates", description: "Redelivered messages skipped by a consumer's inbox");
}
