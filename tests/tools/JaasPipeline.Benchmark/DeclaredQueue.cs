using System.Text.Json;

namespace JaasPipeline.Benchmark;

/// <summary>A queue as the RabbitMQ management API lists it (<c>/api/queues/&lt;vhost&gt;</c>); its type is in the arguments (<c>x-queue-type</c>).</summary>
internal sealed record DeclaredQueue(string Name, bool Durable, bool AutoDelete, bool Exclusive, Dictionary<string, JsonElement>? Arguments);
