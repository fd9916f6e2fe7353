namespace JaasPipeline.Benchmark;

/// <summary>
/// The broker's own cost: the CPU a plain RabbitMQ client (this process) and the broker spent publishing and consuming
/// <see cref="Events"/> events, <see cref="QueueDeliveries"/> deliveries to queues in all.
/// </summary>
/// <param name="BrokerCpuSeconds">The broker's CPU meanwhile; null when its process was not given (--shared-pid).</param>
/// <param name="InboxRowsPerEvent">The end-to-end run's inbox rows per accepted delivery, to compare the fan-out with; null without the databases.</param>
internal sealed record PlainClientCost(
    int Events,
    long QueueDeliveries,
    int Queues,
    double MeanEnvelopeBytes,
    double Seconds,
    double ClientCpuSeconds,
    double? BrokerCpuSeconds,
    double? InboxRowsPerEvent)
{
    public double ClientCpuPerEvent => ClientCpuSeconds / Events;

    public double? BrokerCpuPerEvent => BrokerCpuSeconds / Events;

    /// <summary>Client and broker together per event; null without the broker's CPU.</summary>
    public double? CpuPerEvent => ClientCpuPerEvent + BrokerCpuPerEvent;

    /// <summary>The deployment's CPU per delivery with the broker's, over the plain client's with the broker's.</summary>
    public double? Ratio(CostRatio? deployment) =>
        deployment is { SharedCpuPerDelivery: > 0 } && CpuPerEvent is > 0 and var plain
            ? (deployment.CpuPerDelivery + deployment.SharedCpuPerDelivery) / plain
            : null;

    public override string ToString() =>
        $"{Events} events, {(double)QueueDeliveries / Events:F2} queue deliveries each " +
        (InboxRowsPerEvent is { } rows ? $"(the pipeline's inbox rows per accepted delivery: {rows:F2}) " : "") +
        $"into {Queues} queues, envelopes of {MeanEnvelopeBytes:F0} bytes on average, in {Seconds:F1} s: client {ClientCpuPerEvent * 1e6:F0} µs + " +
        (BrokerCpuPerEvent is { } broker
            ? $"broker {broker * 1e6:F0} µs = {CpuPerEvent * 1e6:F0} µs CPU per event"
            : "broker not measured (no --shared-pid) µs CPU per event");
}
