using System.Text.Json;

namespace JaasPipeline.Benchmark;

/// <summary>An exchange as the RabbitMQ management API lists it (<c>/api/exchanges/&lt;vhost&gt;</c>).</summary>
internal sealed record DeclaredExchange(string Name, string Type, bool Durable, bool AutoDelete, Dictionary<string, JsonElement>? Arguments);
