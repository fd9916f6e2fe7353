using RabbitMQ.Client;

namespace JaasPipeline.Benchmark;

/// <summary>A message as the relay published it: the exchange and routing key, its properties (headers too) and body, byte for byte.</summary>
internal sealed record CapturedEnvelope(string Exchange, string RoutingKey, IReadOnlyBasicProperties Properties, ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// Properties of one publish: a copy each, as MassTransit writes them for each message, and because the client
    /// adds its publish sequence number to the headers of a tracked publish.
    /// </summary>
    public BasicProperties PropertiesToPublish() =>
        new(Properties) { Headers = Properties.Headers is { } headers ? new Dictionary<string, object?>(headers) : null };
}
