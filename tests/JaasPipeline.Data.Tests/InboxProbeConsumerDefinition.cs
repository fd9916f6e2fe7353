using MassTransit;

namespace JaasPipeline.Data.Tests;

/// <summary>
/// The probe's endpoint. AddJaasMessaging gives it retries (Messaging:RetryIntervals, set by <see cref="InboxProbeHost"/>)
/// and, since the queue is named like the probe's database, the inbox inside them.
/// </summary>
public sealed class InboxProbeConsumerDefinition : ConsumerDefinition<InboxProbeConsumer>
{
    public const string Queue = "inbox-probe";

    /// <summary>Retries without a pause (InboxProbeHost sets this many zero intervals).</summary>
    public const int ImmediateRetries = 2;

    public InboxProbeConsumerDefinition() => EndpointName = Queue;
}
