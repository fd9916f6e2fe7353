using System.Diagnostics.Metrics;

namespace JaasPipeline.Messaging;

/// <summary>Counters of the shared messaging pieces (meter <c>JaasPipeline.Messaging</c>).</summary>
public sealed class MessagingMetrics(IMeterFactory meters)
{
    public const string MeterName = "JaasPipeline.Messaging";

    /// <summary>Messages a consumer's inbox had already recorded and therefore skipped.</summary>
    public Counter<long> InboxDuplicates { get; } =
        meters.Create(MeterName).CreateCounter<long>("jaas_inbox_duplicates", description: "Redelivered messages skipped by a consumer's inbox");
}
