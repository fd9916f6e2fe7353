using System.Text.Json;
using RabbitMQ.Client;

namespace JaasPipeline.Benchmark;

/// <summary>
/// A virtual host's exchanges, queues and bindings as the RabbitMQ management API lists them. The broker's own cost
/// (<see cref="PlainClientPhase"/>) copies the deployment's service part into a virtual host of its own, so that the
/// plain client's messages take the same routes (MassTransit's exchange per message type, bound to its base types'
/// exchanges and to each consuming service's exchange) into the same kind of queues.
/// </summary>
internal sealed record BrokerTopology(
    IReadOnlyList<DeclaredExchange> Exchanges, IReadOnlyList<DeclaredQueue> Queues, IReadOnlyList<DeclaredBinding> Bindings)
{
    /// <summary>
    /// Without the broker's own exchanges (the default one, <c>amq.*</c>), a bus instance's temporary queue and exchange
    /// (auto-delete or exclusive), and the error and skipped queues with their exchanges, which no published event reaches.
    /// </summary>
    public BrokerTopology ServicePart()
    {
        var exchanges = Exchanges
            .Where(e => e.Name.Length > 0 && !e.Name.StartsWith("amq.", StringComparison.Ordinal) && !e.AutoDelete && !IsFaultPath(e.Name))
            .ToList();
        var queues = Queues.Where(q => q.Durable && !q.AutoDelete && !q.Exclusive && !IsFaultPath(q.Name)).ToList();
        var exchangeNames = exchanges.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var queueNames = queues.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        var bindings = Bindings
            .Where(b => exchangeNames.Contains(b.Source) && (b.ToQueue ? queueNames : exchangeNames).Contains(b.Destination))
            .ToList();
        return new BrokerTopology(exchanges, queues, bindings);
    }

    /// <summary>
    /// The queues one message published to <paramref name="exchange"/> lands in, each once however many routes lead
    /// there (RabbitMQ delivers one copy per queue). Every exchange MassTransit declares is a fanout, so a binding's
    /// routing key is not looked at.
    /// </summary>
    public IReadOnlySet<string> QueuesReachedFrom(string exchange)
    {
        var queues = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { exchange };
        var next = new Queue<string>([exchange]);
        while (next.TryDequeue(out var source))
        {
            foreach (var binding in Bindings.Where(b => b.Source == source))
            {
                if (binding.ToQueue)
                {
                    queues.Add(binding.Destination);
                }
                else if (seen.Add(binding.Destination))
                {
                    next.Enqueue(binding.Destination);
                }
            }
        }

        return queues;
    }

    /// <summary>Declares every exchange, queue and binding, with the arguments listed (a quorum queue stays a quorum queue).</summary>
    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        foreach (var exchange in Exchanges)
        {
            await channel.ExchangeDeclareAsync(
                exchange.Name, exchange.Type, exchange.Durable, exchange.AutoDelete, Table(exchange.Arguments), cancellationToken: cancellationToken);
        }

        foreach (var queue in Queues)
        {
            await channel.QueueDeclareAsync(
                queue.Name, queue.Durable, exclusive: false, queue.AutoDelete, Table(queue.Arguments), cancellationToken: cancellationToken);
        }

        foreach (var binding in Bindings)
        {
            if (binding.ToQueue)
            {
                await channel.QueueBindAsync(binding.Destination, binding.Source, binding.RoutingKey, Table(binding.Arguments), cancellationToken: cancellationToken);
            }
            else
            {
                await channel.ExchangeBindAsync(binding.Destination, binding.Source, binding.RoutingKey, Table(binding.Arguments), cancellationToken: cancellationToken);
            }
        }
    }

    private static bool IsFaultPath(string name) =>
        name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal);

    // The management API's JSON values as AMQP table values: x-queue-type "quorum" a string, numbers as long.
    private static Dictionary<string, object?>? Table(Dictionary<string, JsonElement>? arguments) =>
        arguments is not { Count: > 0 }
            ? null
            : arguments.ToDictionary(a => a.Key, a => a.Value.ValueKind switch
            {
                JsonValueKind.String => (object?)a.Value.GetString(),
                JsonValueKind.Number when a.Value.TryGetInt64(out var number) => number,
                JsonValueKind.Number => a.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new NotSupportedException($"argument {a.Key}: a {a.Value.ValueKind} cannot be copied"),
            });
}
