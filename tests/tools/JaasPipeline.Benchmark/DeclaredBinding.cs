using System.Text.Json;

namespace JaasPipeline.Benchmark;

/// <summary>A binding as the RabbitMQ management API lists it (<c>/api/bindings/&lt;vhost&gt;</c>): to a queue or to another exchange.</summary>
internal sealed record DeclaredBinding(
    string Source, string Destination, string DestinationType, string RoutingKey, Dictionary<string, JsonElement>? Arguments)
{
    public bool ToQueue => DestinationType == "queue";
}
