using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JaasPipeline.Benchmark;

/// <summary>
/// Reads queue depths from the RabbitMQ management API (<c>/api/queues/&lt;vhost&gt;</c>), what an operator sees in the
/// management UI. It asks for the queue totals without message statistics (<c>disable_stats=true&amp;
/// enable_queue_totals=true</c>): on RabbitMQ 3.10 those showed a published message after 0.6–3.9 s, the statistics
/// (refreshed every statistics interval, 5 s by default) after about 5 s. Either way a quorum queue's figures trail
/// reality by up to about 5 s, so "empty" is seen that much late at worst.
/// </summary>
internal sealed class BrokerQueues(HttpClient client, Uri management, string virtualHost, string username, string password)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string VirtualHost => virtualHost;

    public async Task<QueueDepths> ReadAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(management, $"api/queues/{Uri.EscapeDataString(virtualHost)}?disable_stats=true&enable_queue_totals=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var queues = await response.Content.ReadFromJsonAsync<List<BrokerQueue>>(Json, cancellationToken) ?? [];

        // MassTransit's own temporary queues (auto-delete, one per bus instance) carry no events.
        var errorQueues = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).ToList();
        var serviceQueues = queues.Where(q => !q.AutoDelete && !q.Name.EndsWith("_error", StringComparison.Ordinal) &&
                                              !q.Name.EndsWith("_skipped", StringComparison.Ordinal)).ToList();
        return new QueueDepths(
            serviceQueues.Count,
            serviceQueues.Sum(q => q.MessagesReady ?? 0),
            serviceQueues.Sum(q => q.MessagesUnacknowledged ?? 0),
            errorQueues.Sum(q => q.Messages ?? 0));
    }

    // A queue declared a moment ago has no statistics yet: its counts are absent, read as 0.
    private sealed record BrokerQueue(string Name, bool AutoDelete, long? Messages, long? MessagesReady, long? MessagesUnacknowledged);
}
